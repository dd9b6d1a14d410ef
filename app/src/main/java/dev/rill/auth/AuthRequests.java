package dev.rill.auth;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the auth routes, with their validation rules. */
final class AuthRequests {

    private static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    private static final String CONTROL_MESSAGE = "must not contain control characters";
    private static final String NO_CONTROL_CHARACTERS = "^[^\\p{Cntrl}]*$";
    /** Free text over several lines: line breaks and tabs, but no other control character (PostgreSQL refuses NUL). */
    private static final String TEXT = "^(?:[^\\p{Cntrl}]|[\\r\\n\\t])*$";
    /** E.164: a plus, then 8 to 15 digits of which the first (the country code's) is not 0. */
    static final String E164 = "^\\+[1-9][0-9]{7,14}$";
    private static final String E164_MESSAGE = "must be an E.164 number: + then 8 to 15 digits, the first not 0";
    private static final String CODE = "^[0-9]{6}$";
    private static final String CODE_MESSAGE = "must be the 6 digits that were sent";

    private AuthRequests() {
    }

    record Signup(@NotBlank @Email(regexp = EMAIL) @Size(max = 254) String email,
                  @NotNull @Size(max = 256) String password,
                  @NotBlank @Size(max = 40) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = CONTROL_MESSAGE)
                  String nickname) {
    }

    record Login(@NotBlank @Size(max = 254) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = CONTROL_MESSAGE)
                 String email,
                 @NotNull @Size(max = 256) String password) {
    }

    /** An OpenID Connect ID token; {@code nonce} is the one the client sent to the provider, if it sent one. */
    record OidcToken(@NotBlank @Size(max = 16384) String idToken, @Size(min = 1, max = 512) String nonce) {
    }

    record Refresh(@NotBlank @Size(max = 200) String refreshToken) {
    }

    record EmailQuery(@NotBlank @Email(regexp = EMAIL) @Size(max = 254) String email) {
    }

    record ProfileUpdate(@Size(min = 1, max = 40)
                         @Pattern(regexp = "^(?=.*\\S)[^\\p{Cntrl}]*$", message = "must not be blank or contain control characters")
                         String nickname,
                         @Size(max = 500) @Pattern(regexp = TEXT, message = CONTROL_MESSAGE) String bio) {

        @AssertTrue(message = "give nickname, bio or both")
        boolean isAnyFieldPresent() {
            return nickname != null || bio != null;
        }
    }

    record PasswordChange(@NotNull @Size(max = 256) String currentPassword,
                          @NotNull @Size(max = 256) String newPassword) {
    }

    record EmailAvailability(String email, boolean available) {
    }

    record PasswordReset(@NotBlank @Email(regexp = EMAIL) @Size(max = 254) String email) {
    }

    record PasswordResetConfirmation(@NotBlank @Email(regexp = EMAIL) @Size(max = 254) String email,
                                     @NotNull @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
                                     @NotNull @Size(max = 256) String newPassword) {
    }

    record Phone(@NotNull @Pattern(regexp = E164, message = E164_MESSAGE) String phone) {
    }

    record PhoneCode(@NotNull @Pattern(regexp = CODE, message = CODE_MESSAGE) String code) {
    }
}
