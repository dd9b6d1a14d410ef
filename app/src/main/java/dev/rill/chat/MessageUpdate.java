package dev.rill.chat;

import java.util.Map;

/**
 * New values for a stored message, e.g. when a streamed answer is finalised. A {@code null} field keeps the
 * stored value.
 */
public record MessageUpdate(Map<String, Object> content, MessageStatus status, Map<String, Object> tokenCount) {
}
