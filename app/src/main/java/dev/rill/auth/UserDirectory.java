package dev.rill.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.rill.auth.internal.ExternalIdentityRepository;
import dev.rill.auth.internal.ExternalIdentityRow;
import dev.rill.auth.internal.UserRepository;
import dev.rill.auth.internal.UserRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.web.CurrentUser;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Users as the rest of the auth feature sees them: lookup, roles, and accounts created on first sight. */
@Component
class UserDirectory {

    private final UserRepository users;
    private final ExternalIdentityRepository identities;
    private final R2dbcEntityTemplate template;
    private final Set<String> adminEmails;

    UserDirectory(UserRepository users, ExternalIdentityRepository identities, R2dbcEntityTemplate template,
                  AuthProperties properties) {
        this.users = users;
        this.identities = identities;
        this.template = template;
        this.adminEmails = properties.adminEmails().stream().filter(e -> !e.isBlank())
                .map(UserDirectory::normalizeEmail).collect(Collectors.toUnmodifiableSet());
    }

    static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Admin comes from the stored role or from the configured admin emails, so config changes apply at once. */
    List<String> roles(UserRow user) {
        boolean admin = CurrentUser.ROLE_ADMIN.equals(user.role()) || adminEmails.contains(user.email());
        return admin ? List.of(CurrentUser.ROLE_USER, CurrentUser.ROLE_ADMIN) : List.of(CurrentUser.ROLE_USER);
    }

    Account toAccount(UserRow user) {
        return new Account(IdKind.USER.format(user.id()), user.email(), user.nickname(), user.bio(), roles(user),
                user.passwordHash() != null, user.createdAt(), user.phone(), user.phoneVerifiedAt() != null);
    }

    CurrentUser toCurrentUser(UserRow user) {
        return new CurrentUser(user.id(), Set.copyOf(roles(user)));
    }

    Mono<UserRow> find(UUID id) {
        return users.findById(id);
    }

    Mono<UserRow> create(String email, String passwordHash, String nickname) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UserRow row = new UserRow(IdKind.newUuid(), email, passwordHash, nickname, "", CurrentUser.ROLE_USER,
                now.truncatedTo(ChronoUnit.SECONDS), now, now, null, null);
        return template.insert(row);
    }

    /**
     * The Rill user behind an external IdP's token, created on first sight. A first sight needs an email the IdP
     * has verified: otherwise whoever can put someone else's address into a token at any IdP we trust could claim
     * that address here, be linked to its owner's account later, or inherit an admin role given to the address.
     */
    Mono<UserRow> findOrCreateExternal(String issuer, String subject, String email, boolean emailVerified,
                                       String displayName) {
        return identities.find(issuer, subject)
                .flatMap(identity -> users.findById(identity.userId()))
                .switchIfEmpty(Mono.defer(() -> !emailVerified ? Mono.error(new UnverifiedExternalEmail())
                        : users.findByEmail(email)
                        .switchIfEmpty(Mono.defer(() -> create(email, null, displayName)))
                        .flatMap(user -> template.insert(new ExternalIdentityRow(issuer, subject, user.id(),
                                Instant.now())).thenReturn(user))
                        // Two first requests at once: the loser reads what the winner created.
                        .onErrorResume(DataIntegrityViolationException.class, e -> identities.find(issuer, subject)
                                .flatMap(identity -> users.findById(identity.userId())))));
    }

    /** An external token seen for the first time carries an email its IdP has not verified. */
    static final class UnverifiedExternalEmail extends RuntimeException {
        UnverifiedExternalEmail() {
            super(null, null, false, false);
        }
    }
}
