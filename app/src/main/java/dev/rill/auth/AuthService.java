package dev.rill.auth;

import java.time.Instant;
import java.util.Optional;

import dev.rill.auth.internal.RefreshTokenRepository;
import dev.rill.auth.internal.RefreshTokenRow;
import dev.rill.auth.internal.UserRepository;
import dev.rill.auth.internal.UserRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Sign-up, sign-in and the refresh-token life cycle.
 *
 * <p>Refresh tokens are opaque, single-use and rotated: each use returns a new pair and marks the old token used.
 * A token presented a second time means it was copied, so the whole family (every token rotated from the same
 * login) is revoked and the legitimate holder has to sign in again. Failed logins are throttled per account and
 * per client address, and a failure never says whether the email has an account.
 */
@Service
public class AuthService {

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final RequestThrottle throttle;
    private final TokenPairs tokenPairs;
    private final TransactionalOperator transaction;

    AuthService(UserRepository users, RefreshTokenRepository refreshTokens, UserDirectory directory,
                PasswordHasher hasher, PasswordPolicy policy, RequestThrottle throttle, TokenPairs tokenPairs,
                ReactiveTransactionManager transactionManager) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.directory = directory;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.tokenPairs = tokenPairs;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /** Creates an account and signs it in. Fails with 409 when the email is taken, 400 on a weak password. */
    public Mono<TokenPair> signup(String email, String password, String nickname, String clientAddress) {
        String normalized = UserDirectory.normalizeEmail(email);
        return Mono.fromRunnable(() -> policy.check("password", password, normalized))
                .then(throttle.countSignup(clientAddress))
                .then(users.existsByEmail(normalized))
                .flatMap(taken -> taken ? Mono.error(emailTaken()) : hasher.hash(password))
                .flatMap(hash -> directory.create(normalized, hash, nickname.strip()))
                .onErrorMap(DataIntegrityViolationException.class, e -> emailTaken())
                .flatMap(user -> tokenPairs.issue(user, IdKind.newUuid()));
    }

    /** Whether an email can still be registered. Rate-limited per client address, as it reveals registrations. */
    public Mono<Boolean> emailAvailable(String email, String clientAddress) {
        return throttle.countEmailCheck(clientAddress)
                .then(users.existsByEmail(UserDirectory.normalizeEmail(email)))
                .map(taken -> !taken);
    }

    public Mono<TokenPair> login(String email, String password, String clientAddress) {
        String normalized = UserDirectory.normalizeEmail(email);
        return throttle.checkLogin(normalized, clientAddress)
                .then(users.findByEmail(normalized).map(Optional::of).defaultIfEmpty(Optional.empty()))
                // A missing account still costs one BCrypt comparison, so timing does not reveal it.
                .flatMap(user -> hasher.matches(password, user.map(UserRow::passwordHash).orElse(null))
                        .flatMap(ok -> ok
                                ? throttle.recordLoginSuccess(normalized).then(tokenPairs.issue(user.get(), IdKind.newUuid()))
                                : throttle.recordLoginFailure(clientAddress).then(Mono.error(
                                        new RillException(AuthProblems.INVALID_CREDENTIALS,
                                                "The email or password is wrong")))));
    }

    /** Exchanges a refresh token for a new pair; reuse of a used token revokes its family. */
    public Mono<TokenPair> refresh(String refreshToken) {
        Instant now = Instant.now();
        return findToken(refreshToken)
                .flatMap(token -> {
                    if (token.revokedAt() != null) {
                        return Mono.error(invalidRefreshToken());
                    }
                    if (token.usedAt() != null) {
                        return revokeReused(token, now);
                    }
                    if (token.expiresAt().isBefore(now)) {
                        return Mono.error(invalidRefreshToken());
                    }
                    return refreshTokens.markUsed(token.id(), now)
                            .flatMap(updated -> updated == 1
                                    ? users.findById(token.userId())
                                        .switchIfEmpty(Mono.error(AuthService::invalidRefreshToken))
                                        .flatMap(user -> tokenPairs.issue(user, token.familyId()))
                                    : Mono.<TokenPair>error(new ConcurrentUse()))
                            .as(transaction::transactional)
                            // Lost a race with another use of the same token: that is reuse too.
                            .onErrorResume(ConcurrentUse.class, e -> revokeReused(token, now));
                });
    }

    /** Revokes the family of a refresh token; an unknown token is ignored, so logout is idempotent. */
    public Mono<Void> logout(String refreshToken) {
        return refreshTokens.findByTokenHash(TokenPairs.hash(refreshToken))
                .flatMap(token -> refreshTokens.revokeFamily(token.familyId(), Instant.now()))
                .then();
    }

    private Mono<RefreshTokenRow> findToken(String refreshToken) {
        if (!refreshToken.startsWith(TokenPairs.REFRESH_PREFIX)) {
            return Mono.error(invalidRefreshToken());
        }
        return refreshTokens.findByTokenHash(TokenPairs.hash(refreshToken))
                .switchIfEmpty(Mono.error(AuthService::invalidRefreshToken));
    }

    private <T> Mono<T> revokeReused(RefreshTokenRow token, Instant now) {
        // Runs outside the caller's transaction, so the revocation sticks although the call fails.
        return refreshTokens.revokeFamily(token.familyId(), now)
                .then(Mono.error(new RillException(AuthProblems.REFRESH_TOKEN_REUSED,
                        "This refresh token was already used; every session of this sign-in has been revoked")));
    }

    private static final class ConcurrentUse extends RuntimeException {
        ConcurrentUse() {
            super(null, null, false, false);
        }
    }

    private static RillException invalidRefreshToken() {
        return new RillException(AuthProblems.INVALID_REFRESH_TOKEN, "The refresh token is invalid or expired");
    }

    private static RillException emailTaken() {
        return new RillException(AuthProblems.EMAIL_TAKEN, "An account with this email already exists");
    }
}
