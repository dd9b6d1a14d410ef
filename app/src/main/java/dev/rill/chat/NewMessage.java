package dev.rill.chat;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message to append to a room; the store gives it its ID and time.
 *
 * @param content    a JSON object; put visible text under {@code "message"} ({@link #TEXT})
 * @param tokenCount model usage, or {@code null}
 * @param runId      the run that produced it, or {@code null}
 */
public record NewMessage(MessageRole role, Map<String, Object> content, MessageStatus status,
                         Map<String, Object> tokenCount, UUID runId) {

    /** The content key that holds a message's visible text, as the clients have always read it. */
    public static final String TEXT = "message";

    public NewMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
    }

    /** A complete message whose content is just {@code {"message": text}}. */
    public static NewMessage text(MessageRole role, String text) {
        return new NewMessage(role, Map.of(TEXT, text), MessageStatus.COMPLETE, null, null);
    }
}
