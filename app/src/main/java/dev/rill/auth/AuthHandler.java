package dev.rill.auth;

import java.net.URI;

import dev.rill.shared.web.ClientAddress;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the auth and account routes onto {@link AuthService}, {@link AccountService} and {@link AccountRecoveryService}. */
@Component
class AuthHandler {

    private final AuthService auth;
    private final OidcSignIn oidc;
    private final AccountService accounts;
    private final AccountRecoveryService recovery;
    private final SigningKeys keys;
    private final JsonBodies bodies;

    AuthHandler(AuthService auth, OidcSignIn oidc, AccountService accounts, AccountRecoveryService recovery,
                SigningKeys keys, JsonBodies bodies) {
        this.auth = auth;
        this.oidc = oidc;
        this.accounts = accounts;
        this.recovery = recovery;
        this.keys = keys;
        this.bodies = bodies;
    }

    Mono<ServerResponse> signup(ServerRequest request) {
        return bodies.read(request, AuthRequests.Signup.class)
                .flatMap(body -> auth.signup(body.email(), body.password(), body.nickname(), ClientAddress.of(request)))
                .flatMap(pair -> ServerResponse.created(URI.create("/api/me")).cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(pair));
    }

    Mono<ServerResponse> emailAvailable(ServerRequest request) {
        AuthRequests.EmailQuery query = bodies.validate(
                new AuthRequests.EmailQuery(request.queryParam("email").orElse(null)));
        return auth.emailAvailable(query.email(), ClientAddress.of(request))
                .flatMap(available -> json(new AuthRequests.EmailAvailability(query.email(), available)));
    }

    Mono<ServerResponse> login(ServerRequest request) {
        return bodies.read(request, AuthRequests.Login.class)
                .flatMap(body -> auth.login(body.email(), body.password(), ClientAddress.of(request)))
                .flatMap(this::tokens);
    }

    Mono<ServerResponse> oidcSignIn(ServerRequest request) {
        String provider = request.pathVariable("provider");
        return bodies.read(request, AuthRequests.OidcToken.class)
                .flatMap(body -> oidc.signIn(provider, body.idToken(), body.nonce(), ClientAddress.of(request)))
                .flatMap(this::tokens);
    }

    Mono<ServerResponse> refresh(ServerRequest request) {
        return bodies.read(request, AuthRequests.Refresh.class)
                .flatMap(body -> auth.refresh(body.refreshToken()))
                .flatMap(this::tokens);
    }

    Mono<ServerResponse> logout(ServerRequest request) {
        return bodies.read(request, AuthRequests.Refresh.class)
                .flatMap(body -> auth.logout(body.refreshToken()))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> me(ServerRequest request) {
        return CurrentUser.of(request).flatMap(user -> accounts.get(user.id())).flatMap(this::json);
    }

    Mono<ServerResponse> updateMe(ServerRequest request) {
        return CurrentUser.of(request)
                .zipWith(bodies.read(request, AuthRequests.ProfileUpdate.class))
                .flatMap(t -> accounts.updateProfile(t.getT1().id(), t.getT2().nickname(), t.getT2().bio()))
                .flatMap(this::json);
    }

    Mono<ServerResponse> deleteMe(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> accounts.delete(user.id()))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> changePassword(ServerRequest request) {
        return CurrentUser.of(request)
                .zipWith(bodies.read(request, AuthRequests.PasswordChange.class))
                .flatMap(t -> accounts.changePassword(t.getT1().id(), t.getT2().currentPassword(),
                        t.getT2().newPassword()))
                .flatMap(this::tokens);
    }

    Mono<ServerResponse> requestPasswordReset(ServerRequest request) {
        return Mono.fromRunnable(recovery::requirePasswordReset)
                .then(bodies.read(request, AuthRequests.PasswordReset.class))
                .flatMap(body -> recovery.requestPasswordReset(body.email(), ClientAddress.of(request)))
                .then(ServerResponse.accepted().build());
    }

    Mono<ServerResponse> confirmPasswordReset(ServerRequest request) {
        return Mono.fromRunnable(recovery::requirePasswordReset)
                .then(bodies.read(request, AuthRequests.PasswordResetConfirmation.class))
                .flatMap(body -> recovery.confirmPasswordReset(body.email(), body.code(), body.newPassword(),
                        ClientAddress.of(request)))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> addPhone(ServerRequest request) {
        return Mono.fromRunnable(recovery::requireSms)
                .then(CurrentUser.of(request))
                .zipWith(bodies.read(request, AuthRequests.Phone.class))
                .flatMap(t -> recovery.addPhone(t.getT1().id(), t.getT2().phone(), ClientAddress.of(request)))
                .then(ServerResponse.accepted().build());
    }

    Mono<ServerResponse> verifyPhone(ServerRequest request) {
        return Mono.fromRunnable(recovery::requireSms)
                .then(CurrentUser.of(request))
                .zipWith(bodies.read(request, AuthRequests.PhoneCode.class))
                .flatMap(t -> recovery.verifyPhone(t.getT1().id(), t.getT2().code(), ClientAddress.of(request)))
                .flatMap(this::json);
    }

    Mono<ServerResponse> findAccount(ServerRequest request) {
        return Mono.fromRunnable(recovery::requireSms)
                .then(bodies.read(request, AuthRequests.Phone.class))
                .flatMap(body -> recovery.findAccount(body.phone(), ClientAddress.of(request)))
                .then(ServerResponse.accepted().build());
    }

    Mono<ServerResponse> jwks(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.parseMediaType("application/jwk-set+json"))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .bodyValue(keys.publicJwks());
    }

    private Mono<ServerResponse> tokens(TokenPair pair) {
        return ServerResponse.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(pair);
    }

    private Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
