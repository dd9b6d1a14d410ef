package dev.rill.auth;

/**
 * What a successful sign-in returns: a short-lived access token (a JWT for the {@code Authorization: Bearer}
 * header) and an opaque, single-use refresh token.
 */
public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken,
                        long refreshExpiresIn, Account user) {
}
