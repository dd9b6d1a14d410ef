package dev.rill.chat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored message of a room.
 *
 * @param content    a JSON object; the text a person reads is under {@code "message"}
 * @param tokenCount model usage for this message (e.g. {@code prompt_tokens}, {@code completion_tokens}), or
 *                   {@code null}
 * @param runId      the run that produced the message, or {@code null}
 */
public record ChatMessage(UUID id, UUID chatId, MessageRole role, Map<String, Object> content, MessageStatus status,
                          Map<String, Object> tokenCount, UUID runId, Instant createdAt) {

    /** The {@code "message"} text of the content, or {@code null} when it has none. */
    public String text() {
        return content.get(NewMessage.TEXT) instanceof String text ? text : null;
    }
}
