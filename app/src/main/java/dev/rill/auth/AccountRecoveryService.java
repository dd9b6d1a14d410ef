package dev.rill.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.rill.auth.OneTimeCodes.Purpose;
import dev.rill.auth.internal.RefreshTokenRepository;
import dev.rill.auth.internal.UserRepository;
import dev.rill.auth.internal.UserRow;
import dev.rill.shared.RillException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Getting back into an account: a password reset by a code mailed to the account's email, a phone number verified
 * by a code texted to it, and a hint (the masked email) texted to a verified number.
 *
 * <p>The anonymous requests never reveal whether an account exists: they answer the same whether it does or not,
 * do the same work up to the point of sending (a code is issued for every email asked about), and hand the mail or
 * text to a background send instead of waiting for the SMTP server or gateway, whose delay would give the answer
 * away. For the same reason every send and every check is throttled whether or not there is an account behind it.
 *
 * <p>Password reset needs an SMTP server ({@code spring.mail.host}); the phone routes need an SMS gateway
 * ({@code rill.auth.sms.url}). Without them those routes answer 501.
 */
@Service
public class AccountRecoveryService {

    private static final Logger log = LoggerFactory.getLogger(AccountRecoveryService.class);

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final RequestThrottle throttle;
    private final OneTimeCodes codes;
    private final Mailer mailer;
    private final SmsGateway sms;
    private final TransactionalOperator transaction;

    AccountRecoveryService(UserRepository users, RefreshTokenRepository refreshTokens, UserDirectory directory,
                           PasswordHasher hasher, PasswordPolicy policy, RequestThrottle throttle, OneTimeCodes codes,
                           Mailer mailer, ObjectProvider<SmsGateway> sms,
                           ReactiveTransactionManager transactionManager) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.directory = directory;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.codes = codes;
        this.mailer = mailer;
        this.sms = sms.getIfAvailable();
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /** Fails with 501 unless an SMTP server is configured. */
    public void requirePasswordReset() {
        if (!mailer.available()) {
            throw new RillException(AuthProblems.PASSWORD_RESET_UNAVAILABLE,
                    "Password reset needs an SMTP server, and this server has none configured (spring.mail.host)");
        }
    }

    /** Fails with 501 unless an SMS gateway is configured. */
    public void requireSms() {
        if (sms == null) {
            throw new RillException(AuthProblems.SMS_UNAVAILABLE,
                    "Phone numbers need an SMS gateway, and this server has none configured (rill.auth.sms.url)");
        }
    }

    /**
     * Mails a reset code if {@code email} belongs to an account with a password; completes the same way if not.
     * A new code replaces the previous one.
     */
    public Mono<Void> requestPasswordReset(String email, String clientAddress) {
        requirePasswordReset();
        String normalized = UserDirectory.normalizeEmail(email);
        return throttle.countCodeSend(clientAddress, "email:" + normalized)
                .then(codes.issue(Purpose.PASSWORD_RESET, normalized, ""))
                .flatMap(code -> users.findByEmail(normalized)
                        .filter(user -> user.passwordHash() != null)
                        .doOnNext(user -> deliver("password reset mail", mailer.send(user.email(),
                                "Your Rill password reset code", resetMail(code)))))
                .then();
    }

    /**
     * Sets a new password if {@code code} is the one mailed for {@code email}, then ends every session of the
     * account: all refresh tokens are revoked and access tokens issued before now are refused. The policy is checked
     * first, so that a weak password does not use up the code.
     */
    public Mono<Void> confirmPasswordReset(String email, String code, String newPassword, String clientAddress) {
        requirePasswordReset();
        String normalized = UserDirectory.normalizeEmail(email);
        return Mono.fromRunnable(() -> policy.check("new_password", newPassword, normalized))
                .then(throttle.countCodeCheck(clientAddress))
                .then(codes.consume(Purpose.PASSWORD_RESET, normalized, "", code))
                .flatMap(matched -> matched ? users.findByEmail(normalized) : Mono.empty())
                .filter(user -> user.passwordHash() != null)
                .switchIfEmpty(Mono.error(AccountRecoveryService::invalidCode))
                .flatMap(user -> hasher.hash(newPassword).flatMap(hash -> {
                    Instant now = Instant.now();
                    // A JWT's iat has whole seconds only: cut off at the next second, as a password change does.
                    Instant tokensValidAfter = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                    return users.updatePassword(user.id(), hash, tokensValidAfter, now)
                            .then(refreshTokens.revokeAllOfUser(user.id(), now))
                            .as(transaction::transactional);
                }))
                // Whoever just proved control of the mailbox should not stay locked out by earlier wrong guesses.
                .then(throttle.recordLoginSuccess(normalized));
    }

    /**
     * Stores {@code phone} as the account's unverified number, replacing any earlier one (verified or not), and
     * texts it a code. Whether another account has verified the same number is not said here, to whoever typed
     * it, but only at verification, to whoever holds the phone.
     */
    public Mono<Void> addPhone(UUID userId, String phone, String clientAddress) {
        requireSms();
        return throttle.countCodeSend(clientAddress, "user:" + userId)
                .then(user(userId))
                .flatMap(user -> users.updatePhone(userId, phone, Instant.now()))
                .then(codes.issue(Purpose.PHONE_VERIFICATION, userId.toString(), phone))
                .doOnNext(code -> deliver("phone verification text", sms.send(phone,
                        "Your Rill verification code is " + code + ". It expires in " + describe(codes.ttl()) + ".")))
                .then();
    }

    /**
     * Marks the account's number verified if {@code code} is the one texted to it. Fails with 409 if another account
     * has verified the number meanwhile: one verified number names one account, so that find-account is unambiguous.
     */
    public Mono<Account> verifyPhone(UUID userId, String code, String clientAddress) {
        requireSms();
        return throttle.countCodeCheck(clientAddress)
                .then(user(userId))
                .flatMap(user -> {
                    if (user.phone() == null || user.phoneVerifiedAt() != null) {
                        return Mono.error(invalidCode());
                    }
                    // Bound to the number, so a code sent to an earlier number cannot verify a later one.
                    return codes.consume(Purpose.PHONE_VERIFICATION, userId.toString(), user.phone(), code)
                            .flatMap(matched -> matched
                                    ? users.markPhoneVerified(userId, user.phone(), Instant.now())
                                    : Mono.error(invalidCode()))
                            .onErrorMap(DataIntegrityViolationException.class, e -> new RillException(
                                    AuthProblems.PHONE_TAKEN, "Another account has already verified this number"))
                            .flatMap(updated -> updated == 1 ? Mono.empty() : Mono.error(invalidCode()));
                })
                .then(user(userId))
                .map(directory::toAccount);
    }

    /** Texts the masked email of the account that verified {@code phone}, if there is one; completes the same way if not. */
    public Mono<Void> findAccount(String phone, String clientAddress) {
        requireSms();
        return throttle.countCodeSend(clientAddress, "phone:" + phone)
                .then(users.findByVerifiedPhone(phone))
                .doOnNext(user -> deliver("account hint text", sms.send(phone,
                        "Your Rill account's email is " + maskEmail(user.email()) + ".")))
                .then();
    }

    /**
     * {@code jane@example.com} becomes {@code j***@e******.com}: enough for its owner to recognise, too little for
     * someone who only has the phone. The local part's length is hidden; the domain's is kept, as mail providers
     * are few and its first letter alone would not tell them apart.
     */
    static String maskEmail(String email) {
        int at = email.lastIndexOf('@');
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String name = dot > 0 ? domain.substring(0, dot) : domain;
        String suffix = dot > 0 ? domain.substring(dot) : "";
        return firstCharacter(local) + "***@" + firstCharacter(name)
                + "*".repeat(Math.max(0, name.codePointCount(0, name.length()) - 1)) + suffix;
    }

    private static String firstCharacter(String text) {
        return text.isEmpty() ? "" : new String(Character.toChars(text.codePointAt(0)));
    }

    private String resetMail(String code) {
        return "Your code to reset your Rill password is " + code + ". It expires in " + describe(codes.ttl())
                + ".\n\nIf you did not ask to reset your password, ignore this mail: your password stays as it is.\n";
    }

    private static String describe(Duration ttl) {
        long minutes = ttl.toMinutes();
        return minutes >= 1 ? minutes + (minutes == 1 ? " minute" : " minutes") : ttl.toSeconds() + " seconds";
    }

    /**
     * Sends in the background: the answer must not wait for the SMTP server or gateway, or its timing would tell
     * whether the account exists. A failed send is only logged; the user can ask again.
     */
    private static void deliver(String what, Mono<Void> send) {
        send.subscribe(null, e -> log.warn("Could not send a {}: {}: {}", what, e.getClass().getSimpleName(),
                e.getMessage()));
    }

    private Mono<UserRow> user(UUID userId) {
        return directory.find(userId).switchIfEmpty(Mono.error(() -> RillException.notFound("The account")));
    }

    private static RillException invalidCode() {
        return new RillException(AuthProblems.INVALID_CODE, "The code is wrong or has expired; request a new one");
    }
}
