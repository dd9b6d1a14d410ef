package dev.rill.keys;

import java.util.UUID;

import dev.rill.chat.RoomKeys;
import dev.rill.keys.internal.UserKeyRepository;
import dev.rill.shared.RillException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Lets a room be bound only to one of its owner's keys. */
@Component
class RoomKeyBinding implements RoomKeys {

    private final UserKeyRepository keys;

    RoomKeyBinding(UserKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> requireOwned(UUID userId, UUID keyId) {
        return keys.findOwned(keyId, userId)
                .switchIfEmpty(Mono.error(() -> RillException.invalid("key_id", "is not one of your keys")))
                .then();
    }
}
