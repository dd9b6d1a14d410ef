package dev.rill.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.rill.shared.Entropy;

/**
 * Encrypts provider keys at rest with AES-256-GCM: a random 96-bit nonce per value, and the key's ID and its
 * owner's ID as associated data, so that a ciphertext copied onto another row or user fails to decrypt.
 */
@Component
public class KeyCipher {

    private static final Logger log = LoggerFactory.getLogger(KeyCipher.class);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A value as stored: which key-encryption key sealed it, and nonce || ciphertext || tag. */
    public record Sealed(String kekId, byte[] bytes) {
    }

    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final String current;

    KeyCipher(KeyProperties properties) {
        if (properties.encryptionKeys().isEmpty()) {
            log.warn("RILL_KEYS_ENCRYPTIONKEYS_0_ID/_SECRET are not set: users' provider keys are encrypted with a key"
                    + " generated at start-up, and cannot be read after a restart. This suits development only.");
            byte[] random = new byte[32];
            Entropy.fill(random);
            keys.put("dev-" + UUID.randomUUID(), new SecretKeySpec(random, "AES"));
        }
        for (KeyProperties.EncryptionKey key : properties.encryptionKeys()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(key.secret().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("rill.keys.encryption-keys: the secret of '" + key.id()
                        + "' is not base64");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("rill.keys.encryption-keys: the secret of '" + key.id()
                        + "' must be 32 bytes (256 bits), not " + raw.length);
            }
            if (keys.put(key.id(), new SecretKeySpec(raw, "AES")) != null) {
                throw new IllegalStateException("rill.keys.encryption-keys: id '" + key.id() + "' is listed twice");
            }
        }
        this.current = keys.keySet().iterator().next();
        // The first Cipher.getInstance loads the JCE providers from disk; done here, never on an event loop.
        seal("warm-up", UUID.randomUUID(), UUID.randomUUID());
    }

    public Sealed seal(String plaintext, UUID keyId, UUID userId) {
        byte[] nonce = new byte[NONCE_BYTES];
        Entropy.fill(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(keyId, userId));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(current, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Fails for a value sealed under a key-encryption key that is no longer configured, or that was tampered with. */
    public String open(Sealed sealed, UUID keyId, UUID userId) {
        SecretKey key = keys.get(sealed.kekId());
        if (key == null) {
            throw new IllegalStateException("Key-encryption key '" + sealed.kekId() + "' is not configured");
        }
        byte[] bytes = sealed.bytes();
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(aad(keyId, userId));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored key could not be decrypted with '" + sealed.kekId() + "'", e);
        }
    }

    private static byte[] aad(UUID keyId, UUID userId) {
        return (keyId + "/" + userId).getBytes(StandardCharsets.UTF_8);
    }
}
