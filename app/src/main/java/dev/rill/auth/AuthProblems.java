package dev.rill.auth;

import dev.rill.shared.ProblemType;
import org.springframework.http.HttpStatus;

/** Problem types of the auth feature. */
final class AuthProblems {

    static final ProblemType INVALID_CREDENTIALS =
            new ProblemType("invalid-credentials", "Invalid email or password", HttpStatus.UNAUTHORIZED);
    static final ProblemType INVALID_REFRESH_TOKEN =
            new ProblemType("invalid-refresh-token", "Invalid refresh token", HttpStatus.UNAUTHORIZED);
    static final ProblemType REFRESH_TOKEN_REUSED =
            new ProblemType("refresh-token-reused", "Refresh token reused", HttpStatus.UNAUTHORIZED);
    static final ProblemType EMAIL_TAKEN =
            new ProblemType("email-taken", "Email already registered", HttpStatus.CONFLICT);
    static final ProblemType WRONG_PASSWORD =
            new ProblemType("wrong-password", "Current password is wrong", HttpStatus.BAD_REQUEST);
    static final ProblemType NO_PASSWORD =
            new ProblemType("no-password", "Account has no password", HttpStatus.CONFLICT);

    static final ProblemType UNKNOWN_OIDC_PROVIDER =
            new ProblemType("unknown-oidc-provider", "Unknown sign-in provider", HttpStatus.NOT_FOUND);
    static final ProblemType INVALID_ID_TOKEN =
            new ProblemType("invalid-id-token", "Invalid ID token", HttpStatus.UNAUTHORIZED);
    /**
     * 403 both when the email belongs to an account and when it is new, so the answer does not reveal which
     * emails are registered.
     */
    static final ProblemType EMAIL_NOT_VERIFIED =
            new ProblemType("email-not-verified", "Email not verified by the provider", HttpStatus.FORBIDDEN);

    /**
     * A recovery code that is wrong, expired, used, voided, or was never sent: one answer for all, so that it
     * reveals neither whether an account exists nor how close a guess came.
     */
    static final ProblemType INVALID_CODE =
            new ProblemType("invalid-code", "Invalid or expired code", HttpStatus.BAD_REQUEST);
    /** Another account has already verified this phone number. */
    static final ProblemType PHONE_TAKEN =
            new ProblemType("phone-taken", "Phone number verified by another account", HttpStatus.CONFLICT);
    static final ProblemType PASSWORD_RESET_UNAVAILABLE = new ProblemType("password-reset-unavailable",
            "Password reset is not available", HttpStatus.NOT_IMPLEMENTED);
    static final ProblemType SMS_UNAVAILABLE =
            new ProblemType("sms-unavailable", "Text messages are not available", HttpStatus.NOT_IMPLEMENTED);

    private AuthProblems() {
    }
}
