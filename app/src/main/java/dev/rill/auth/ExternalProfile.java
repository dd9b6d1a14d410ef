package dev.rill.auth;

import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;

/**
 * What an external IdP's token says about its user: the normalized email, whether the IdP verified it, and a
 * nickname that follows the API's nickname rules.
 */
record ExternalProfile(String email, boolean emailVerified, String nickname) {

    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");
    private static final int NICKNAME_MAX = 40;

    /** Empty when the token carries no usable email, which every Rill account needs. */
    static Optional<ExternalProfile> of(Jwt jwt) {
        String email = jwt.getClaimAsString("email");
        if (!StringUtils.hasText(email) || !email.contains("@")) {
            return Optional.empty();
        }
        boolean verified = Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified"));
        String name = firstText(jwt.getClaimAsString("name"), jwt.getClaimAsString("preferred_username"),
                email.substring(0, email.indexOf('@')));
        return Optional.of(new ExternalProfile(UserDirectory.normalizeEmail(email), verified, nickname(name)));
    }

    private static String firstText(String... values) {
        for (String v : values) {
            String printable = v == null ? null : CONTROL_CHARACTERS.matcher(v).replaceAll("");
            if (StringUtils.hasText(printable)) {
                return printable.strip();
            }
        }
        return "user";
    }

    /**
     * The IdP's name cut to the nickname limit the API enforces (40 UTF-16 units), without splitting a character
     * in two. Control characters are already gone ({@link #firstText}): PostgreSQL refuses NUL outright, and the
     * API refuses every control character in nicknames it is given.
     */
    private static String nickname(String name) {
        if (name.length() <= NICKNAME_MAX) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(NICKNAME_MAX - 1)) ? NICKNAME_MAX - 1 : NICKNAME_MAX;
        return name.substring(0, end).strip();
    }
}
