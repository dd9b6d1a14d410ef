package dev.rill.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * A chat room. IDs are plain UUIDs here; the web layer shows them prefixed ({@code chat-…}).
 *
 * @param title     {@code null} until the user names the room or its first user message does
 * @param profileId the profile the room is bound to, as its wire ID ({@code pet-…} or {@code profile-…}), or
 *                  {@code null}
 * @param shared    whether anyone may read the room (see the {@code share} feature)
 * @param updatedAt last rename or appended message
 */
public record Chat(UUID id, UUID userId, String title, String profileId, boolean shared, Instant createdAt,
                   Instant updatedAt, UUID keyId) {
}
