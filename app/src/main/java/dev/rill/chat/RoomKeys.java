package dev.rill.chat;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * What a room's turns can run on besides Rill's model: one of its owner's provider keys. The keys feature
 * implements it; chat defines it so that it depends on no other feature.
 */
public interface RoomKeys {

    /** Completes when {@code keyId} is one of the user's keys; fails with 400 {@code validation} on {@code key_id}. */
    Mono<Void> requireOwned(UUID userId, UUID keyId);
}
