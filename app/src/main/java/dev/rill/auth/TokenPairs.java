package dev.rill.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import dev.rill.auth.internal.RefreshTokenRow;
import dev.rill.auth.internal.UserRow;
import dev.rill.shared.Entropy;
import dev.rill.shared.IdKind;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Issues an access token together with a fresh refresh token, which is stored only as its SHA-256 hash. */
@Component
class TokenPairs {

    static final String REFRESH_PREFIX = "rt_";

    private final AccessTokens accessTokens;
    private final UserDirectory directory;
    private final R2dbcEntityTemplate template;
    private final AuthProperties properties;

    TokenPairs(AccessTokens accessTokens, UserDirectory directory, R2dbcEntityTemplate template,
               AuthProperties properties) {
        this.accessTokens = accessTokens;
        this.directory = directory;
        this.template = template;
        this.properties = properties;
    }

    /** A pair whose refresh token belongs to {@code familyId}: a new family at login, the same one on rotation. */
    Mono<TokenPair> issue(UserRow user, UUID familyId) {
        String refreshToken = REFRESH_PREFIX + Entropy.urlSafeToken(32);
        Instant now = Instant.now();
        RefreshTokenRow row = new RefreshTokenRow(IdKind.newUuid(), user.id(), familyId, hash(refreshToken), now,
                now.plus(properties.refreshTokenTtl()), null, null);
        return template.insert(row)
                .then(accessTokens.mint(user.id(), directory.roles(user), user.tokensValidAfter()))
                .map(access -> new TokenPair(access, "Bearer", properties.accessTokenTtl().toSeconds(), refreshToken,
                        properties.refreshTokenTtl().toSeconds(), directory.toAccount(user)));
    }

    /** Hex SHA-256, for secrets and identifiers that must be looked up but never stored as they are. */
    static String hash(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
