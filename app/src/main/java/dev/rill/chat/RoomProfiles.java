package dev.rill.chat;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * What a room can be bound to. The profile feature implements it; chat defines it so that it depends on no
 * other feature (profile already builds on chat's paging).
 */
public interface RoomProfiles {

    /**
     * The canonical wire ID ({@code pet-…} or {@code profile-…}) of one of the user's profiles, given as the client
     * wrote it. Fails with 400 {@code malformed-id} when {@code profileId} is not a profile ID, and with 404
     * {@code not-found} when it is not one of the user's profiles.
     */
    Mono<String> requireOwned(UUID userId, String profileId);
}
