package dev.rill.keys;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.rill.keys.internal.UserKeyRepository;
import dev.rill.keys.internal.UserKeyRow;
import dev.rill.llm.Credentials;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Users' own provider keys: added only after the provider accepted them, stored encrypted, shown without the key,
 * and turned into {@link Credentials} for the turns that run on them. Every lookup is by owner, so another user's
 * key is 404, exactly like a missing one.
 */
@Service
public class KeyService {

    /** The key a turn runs on, and where and how to reach its provider. */
    public record KeyChoice(UUID keyId, Credentials credentials) {
    }

    /** A stored key whose key-encryption key is no longer configured. */
    public static final ProblemType KEY_UNREADABLE = new ProblemType("key-unreadable", "Stored key cannot be read",
            HttpStatus.CONFLICT);

    private static final Logger log = LoggerFactory.getLogger(KeyService.class);

    static final String OPENAI = "openai";
    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

    private final UserKeyRepository keys;
    private final KeyCipher cipher;
    private final ProviderCheck check;
    private final KeyProperties properties;
    private final TransactionalOperator transaction;

    KeyService(UserKeyRepository keys, KeyCipher cipher, ProviderCheck check, KeyProperties properties,
               ReactiveTransactionManager transactionManager) {
        this.keys = keys;
        this.cipher = cipher;
        this.check = check;
        this.properties = properties;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    public Flux<UserKey> list(UUID userId) {
        return keys.findAllOf(userId).map(KeyService::view);
    }

    /** Checks the key with its provider (422 {@code key-rejected}, 502 {@code provider-unreachable}), then stores it. */
    Mono<UserKey> add(UUID userId, KeyRequests.Add request) {
        String baseUrl = baseUrl(request.provider(), request.baseUrl());
        String key = request.key();
        return check.verify(baseUrl, key).then(Mono.defer(() -> {
            UUID id = IdKind.newUuid();
            KeyCipher.Sealed sealed = cipher.seal(key, id, userId);
            return keys.insert(id, userId, request.provider(), request.label().strip(), baseUrl,
                    key.substring(key.length() - 4), sealed.kekId(), sealed.bytes(), Instant.now(), request.model());
        })).map(KeyService::view);
    }

    /**
     * Relabels a key, sets or clears its model, and/or makes it the default (clearing the previous default in the
     * same transaction).
     */
    Mono<UserKey> update(UUID userId, UUID keyId, KeyRequests.Update request) {
        Mono<UserKeyRow> found = keys.findOwned(keyId, userId).switchIfEmpty(Mono.error(KeyService::notFound));
        Mono<UserKeyRow> relabelled = request.label() == null ? found
                : found.then(keys.relabel(keyId, userId, request.label().strip()));
        Mono<UserKeyRow> remodelled = request.model() == null ? relabelled
                : relabelled.then(keys.setModel(keyId, userId, request.model().strip()));
        Mono<UserKeyRow> updated = request.makeDefault() == null ? remodelled
                : remodelled.flatMap(row -> (request.makeDefault()
                        ? keys.clearDefaultExcept(userId, keyId) : Mono.just(0L))
                        .then(keys.markDefault(keyId, userId, request.makeDefault())));
        return updated.as(transaction::transactional).map(KeyService::view);
    }

    /** 404 unless the key exists and is the user's. */
    Mono<UserKey> get(UUID userId, UUID keyId) {
        return keys.findOwned(keyId, userId).switchIfEmpty(Mono.error(KeyService::notFound)).map(KeyService::view);
    }

    Mono<Void> delete(UUID userId, UUID keyId) {
        return keys.deleteOwned(keyId, userId).switchIfEmpty(Mono.error(KeyService::notFound)).then();
    }

    /**
     * What a turn runs on: the named key (404 if it is not the user's), else the user's default key, else nothing,
     * and the turn uses Rill's own model.
     */
    public Mono<KeyChoice> choose(UUID userId, UUID keyId) {
        Mono<UserKeyRow> row = keyId == null ? keys.findDefault(userId)
                : keys.findOwned(keyId, userId).switchIfEmpty(Mono.error(KeyService::notFound));
        return row.map(this::choice);
    }

    /**
     * What a turn that names no key runs on in a room bound to {@code roomKeyId}: that key while it exists, else
     * (the key was deleted since, or {@code roomKeyId} is {@code null}) the user's default key, else nothing.
     */
    public Mono<KeyChoice> chooseForRoom(UUID userId, UUID roomKeyId) {
        Mono<UserKeyRow> row = roomKeyId == null ? keys.findDefault(userId)
                : keys.findOwned(roomKeyId, userId).switchIfEmpty(keys.findDefault(userId));
        return row.map(this::choice);
    }

    private KeyChoice choice(UserKeyRow row) {
        return new KeyChoice(row.id(), new Credentials(row.baseUrl(), open(row), row.model(), check.addressGuard()));
    }

    private String open(UserKeyRow row) {
        try {
            return cipher.open(new KeyCipher.Sealed(row.kekId(), row.secret()), row.id(), row.userId());
        } catch (IllegalStateException e) {
            // The operator removed or replaced the key-encryption key this row was sealed with; only the user can
            // repair that, by adding the key again.
            log.error("Stored key {} of user {} cannot be decrypted: {}", row.id(), row.userId(), e.getMessage());
            throw new RillException(KEY_UNREADABLE, "This key can no longer be read by Rill (its encryption key was"
                    + " retired); delete it and add it again, or send the turn without key_id");
        }
    }

    /**
     * The API root a key is sent to: {@code https}, or {@code http} only for a host in {@code rill.keys.http-hosts};
     * no user info, query or fragment, which could smuggle a different destination or the key into a log.
     */
    private String baseUrl(String provider, String raw) {
        if (raw == null || raw.isBlank()) {
            if (OPENAI.equals(provider)) {
                return OPENAI_BASE_URL;
            }
            throw RillException.invalid("base_url", "is required for provider " + provider);
        }
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw RillException.invalid("base_url", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw RillException.invalid("base_url", "must be an absolute URL with a host and no user, query or fragment");
        }
        boolean allowedHttp = "http".equals(scheme) && properties.httpHosts().stream()
                .anyMatch(allowed -> allowed.equalsIgnoreCase(host));
        if (!"https".equals(scheme) && !allowedHttp) {
            throw RillException.invalid("base_url", "must use https (plain http only for hosts in rill.keys.http-hosts)");
        }
        String url = uri.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static UserKey view(UserKeyRow row) {
        return new UserKey(row.id(), row.provider(), row.label(), row.baseUrl(), row.isDefault(), row.createdAt(),
                row.last4(), row.model());
    }

    private static RillException notFound() {
        return RillException.notFound("The key");
    }
}
