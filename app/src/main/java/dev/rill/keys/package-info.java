/**
 * Users' own provider keys ({@code key-…}). Owns the {@code user_keys} table and the {@code /api/keys} routes.
 *
 * <p>{@link dev.rill.keys.KeyService} checks a key against its provider before storing it, stores it only as
 * AES-GCM ciphertext under a key-encryption key from {@code rill.keys.encryption-keys} ({@link dev.rill.keys.KeyCipher}),
 * and hands the stream feature the {@link dev.rill.llm.Credentials} a turn runs on. The key itself never leaves the
 * service except towards its provider. Rows cascade from {@code users}.
 */
package dev.rill.keys;
