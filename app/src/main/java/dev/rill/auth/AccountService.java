package dev.rill.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.rill.auth.internal.RefreshTokenRepository;
import dev.rill.auth.internal.UserRepository;
import dev.rill.auth.internal.UserRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * A signed-in user's own account: profile, password, and deletion. Deleting an account removes all of its data
 * in one transaction (every feature's tables cascade from {@code users}) and then publishes
 * {@link AccountDeleted}, so features can drop what they keep outside PostgreSQL.
 */
@Service
public class AccountService {

    /** Published after an account and all of its rows are gone. */
    public record AccountDeleted(UUID userId) {
    }

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final RequestThrottle throttle;
    private final TokenPairs tokenPairs;
    private final TransactionalOperator transaction;
    private final ApplicationEventPublisher events;

    AccountService(UserRepository users, RefreshTokenRepository refreshTokens, UserDirectory directory,
                   PasswordHasher hasher, PasswordPolicy policy, RequestThrottle throttle, TokenPairs tokenPairs,
                   ReactiveTransactionManager transactionManager, ApplicationEventPublisher events) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.directory = directory;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.tokenPairs = tokenPairs;
        this.transaction = TransactionalOperator.create(transactionManager);
        this.events = events;
    }

    public Mono<Account> get(UUID userId) {
        return user(userId).map(directory::toAccount);
    }

    /** Changes the nickname and/or bio; a {@code null} leaves that field as it is. */
    public Mono<Account> updateProfile(UUID userId, String nickname, String bio) {
        return user(userId)
                .flatMap(user -> users.updateProfile(userId,
                        nickname == null ? user.nickname() : nickname.strip(),
                        bio == null ? user.bio() : bio.strip(),
                        Instant.now()))
                .then(get(userId));
    }

    /**
     * Replaces the password after checking the current one. Every other session ends: all refresh tokens are
     * revoked and access tokens issued before now are refused. The caller gets a fresh pair to carry on with.
     */
    public Mono<TokenPair> changePassword(UUID userId, String currentPassword, String newPassword) {
        return user(userId)
                .flatMap(user -> {
                    if (user.passwordHash() == null) {
                        return Mono.error(new RillException(AuthProblems.NO_PASSWORD,
                                "This account signs in through an external identity provider and has no password"));
                    }
                    policy.check("new_password", newPassword, user.email());
                    // Guesses of the current password count against the account like failed logins.
                    return throttle.checkPasswordAttempt(user.email())
                            .then(hasher.matches(currentPassword, user.passwordHash()))
                            .flatMap(ok -> ok
                                    ? throttle.recordLoginSuccess(user.email()).then(hasher.hash(newPassword))
                                    : Mono.error(new RillException(
                                            AuthProblems.WRONG_PASSWORD, "The current password is wrong")
                                            .with("errors", java.util.List.of(new RillException.FieldError(
                                                    "current_password", "is wrong")))))
                            .flatMap(hash -> {
                                Instant now = Instant.now();
                                // A JWT's iat has whole seconds only, so a token issued moments ago carries
                                // this very second: cut off at the next second, or it would stay valid. Tokens
                                // issued from here on are dated no earlier than the cut-off (AccessTokens).
                                Instant tokensValidAfter = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                                return users.updatePassword(userId, hash, tokensValidAfter, now)
                                        .then(refreshTokens.revokeAllOfUser(userId, now))
                                        .then(users.findById(userId))
                                        .flatMap(updated -> tokenPairs.issue(updated, IdKind.newUuid()))
                                        .as(transaction::transactional);
                            });
                });
    }

    /** Deletes the account and everything it owns. */
    public Mono<Void> delete(UUID userId) {
        return user(userId)
                .flatMap(user -> users.deleteById(userId).as(transaction::transactional))
                .doOnSuccess(ignored -> events.publishEvent(new AccountDeleted(userId)));
    }

    private Mono<UserRow> user(UUID userId) {
        return directory.find(userId).switchIfEmpty(Mono.error(() -> RillException.notFound("The account")));
    }
}
