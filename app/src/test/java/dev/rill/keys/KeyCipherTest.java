package dev.rill.keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AES-GCM at rest: rotation, per-row binding, and fresh nonces. */
class KeyCipherTest {

    static final String OLD_SECRET = Base64.getEncoder().encodeToString(new byte[32]);
    static final String NEW_SECRET = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));

    private static KeyCipher cipher(KeyProperties.EncryptionKey... keys) {
        return new KeyCipher(new KeyProperties(List.of(keys), List.of(), List.of(), Duration.ofSeconds(1), Map.of()));
    }

    @Test
    void aValueSealedUnderARetiredKeyStillOpensOnceANewKeyEncrypts() {
        UUID keyId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        KeyCipher before = cipher(new KeyProperties.EncryptionKey("old", OLD_SECRET));
        KeyCipher after = cipher(new KeyProperties.EncryptionKey("new", NEW_SECRET),
                new KeyProperties.EncryptionKey("old", OLD_SECRET));

        KeyCipher.Sealed sealedBefore = before.seal("sk-rotate-me", keyId, userId);
        KeyCipher.Sealed sealedAfter = after.seal("sk-rotate-me", keyId, userId);

        assertThat(sealedBefore.kekId()).isEqualTo("old");
        assertThat(sealedAfter.kekId()).isEqualTo("new");
        assertThat(after.open(sealedBefore, keyId, userId)).isEqualTo("sk-rotate-me");
        assertThat(after.open(sealedAfter, keyId, userId)).isEqualTo("sk-rotate-me");
    }

    @Test
    void aValueMovedToAnotherRowOrUserDoesNotOpen() {
        KeyCipher cipher = cipher(new KeyProperties.EncryptionKey("k", NEW_SECRET));
        UUID keyId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        KeyCipher.Sealed sealed = cipher.seal("sk-bound", keyId, userId);

        assertThatThrownBy(() -> cipher.open(sealed, UUID.randomUUID(), userId)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open(sealed, keyId, UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueUnderAnUnlistedKeyFailsClearly() {
        KeyCipher.Sealed sealed = cipher(new KeyProperties.EncryptionKey("gone", OLD_SECRET))
                .seal("sk-x", new UUID(0, 1), new UUID(0, 2));

        assertThatThrownBy(() -> cipher(new KeyProperties.EncryptionKey("k", NEW_SECRET))
                .open(sealed, new UUID(0, 1), new UUID(0, 2)))
                .hasMessageContaining("'gone' is not configured");
    }

    @Test
    void theSameKeySealedTwiceGivesDifferentBytesWithoutThePlaintext() {
        KeyCipher cipher = cipher(new KeyProperties.EncryptionKey("k", NEW_SECRET));
        UUID id = UUID.randomUUID();
        byte[] first = cipher.seal("sk-plain-text-key", id, id).bytes();
        byte[] second = cipher.seal("sk-plain-text-key", id, id).bytes();

        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("sk-plain");
    }

    @Test
    void aSecretThatIsNot256BitsStopsStartUp() {
        assertThatThrownBy(() -> cipher(new KeyProperties.EncryptionKey("short",
                Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("must be 32 bytes");
    }
}
