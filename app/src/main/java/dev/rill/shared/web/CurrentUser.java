package dev.rill.shared.web;

import java.util.Set;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;

/** The signed-in user a request acts for, as established by the security filter chain. */
public record CurrentUser(UUID id, Set<String> roles) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    public String wireId() {
        return IdKind.USER.format(id);
    }

    public boolean isAdmin() {
        return roles.contains(ROLE_ADMIN);
    }

    public static Mono<CurrentUser> of(ServerRequest request) {
        return request.principal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getPrincipal())
                .filter(CurrentUser.class::isInstance)
                .cast(CurrentUser.class)
                .switchIfEmpty(Mono.error(() -> new RillException(ProblemType.UNAUTHORIZED,
                        "Authentication is required")));
    }
}
