package dev.rill.chat;

/**
 * A room with one page of its messages. The page holds the newest messages before the requested cursor, in
 * chronological order; {@code messages.next()} leads to the older ones.
 */
public record ChatTranscript(Chat chat, Page<ChatMessage> messages) {
}
