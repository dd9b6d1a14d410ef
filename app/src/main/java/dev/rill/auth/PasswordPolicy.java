package dev.rill.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.rill.shared.RillException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Rejects passwords that are short, too long for BCrypt, built from the account's email, or on a list of the
 * most common passwords (after NIST SP 800-63B §5.1.1.2, which favours such checks over composition rules).
 */
@Component
class PasswordPolicy {

    /** BCrypt ignores everything after 72 bytes; a longer password would silently be truncated. */
    static final int MAX_BYTES = 72;

    private final int minLength;
    private final Set<String> common;

    PasswordPolicy(AuthProperties properties) {
        this.minLength = properties.password().minLength();
        try (var reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource("auth/common-passwords.txt").getInputStream(), StandardCharsets.UTF_8))) {
            this.common = reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws a validation problem on {@code field} when the password breaks the policy. */
    void check(String field, String password, String email) {
        if (password.codePointCount(0, password.length()) < minLength) {
            throw RillException.invalid(field, "must be at least " + minLength + " characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw RillException.invalid(field, "must be at most " + MAX_BYTES + " bytes long");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            throw RillException.invalid(field, "is too common; choose a less guessable password");
        }
        String normalizedEmail = email.toLowerCase(Locale.ROOT);
        int at = normalizedEmail.indexOf('@');
        String local = at > 0 ? normalizedEmail.substring(0, at) : normalizedEmail;
        if (lower.contains(normalizedEmail) || (local.length() >= 3 && lower.contains(local))) {
            throw RillException.invalid(field, "must not contain your email address");
        }
    }
}
