package dev.rill.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rill.shared.IdKind;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the chat routes return. IDs are prefixed ({@code chat-…}, {@code msg-…}, {@code run-…}). Every field is
 * always present, {@code null} included, so that clients see one fixed shape.
 */
final class ChatResponses {

    private ChatResponses() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChatView(String id,
                    @Schema(description = "null until named by the user or by the first user message") String title,
                    String profileId,
                    @JsonProperty("is_shared") boolean isShared,
                    Instant createdAt,
                    @Schema(description = "Last rename or new message") Instant updatedAt,
                    @Schema(description = "The user's key (key-…) the room's turns run on when they name none")
                    String keyId) {

        static ChatView of(Chat chat) {
            return new ChatView(IdKind.CHAT.format(chat.id()), chat.title(), chat.profileId(), chat.shared(),
                    chat.createdAt(), chat.updatedAt(), chat.keyId() == null ? null : IdKind.KEY.format(chat.keyId()));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MessageView(String id,
                       @Schema(allowableValues = {"user", "assistant", "tool", "tool_result", "recipe", "rag"})
                       String role,
                       @Schema(description = "JSON object; the text to show is under \"message\"")
                       Map<String, Object> content,
                       @Schema(allowableValues = {"streaming", "complete", "stopped", "failed"}) String status,
                       @Schema(description = "Model usage for this message, or null") Map<String, Object> tokenCount,
                       @Schema(description = "The run that produced the message, or null") String runId,
                       Instant createdAt) {

        static MessageView of(ChatMessage message) {
            return new MessageView(IdKind.MESSAGE.format(message.id()), message.role().wire(), message.content(),
                    message.status().wire(), message.tokenCount(),
                    message.runId() == null ? null : IdKind.RUN.format(message.runId()), message.createdAt());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChatList(@Schema(description = "Rooms, newest first") List<ChatView> results,
                    @Schema(description = "Pass as cursor for the next (older) page; null on the last page")
                    String nextCursor,
                    boolean hasNext) {

        static ChatList of(Page<Chat> page) {
            return new ChatList(page.results().stream().map(ChatView::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChatWithMessages(String id,
                            String title,
                            String profileId,
                            @JsonProperty("is_shared") boolean isShared,
                            Instant createdAt,
                            Instant updatedAt,
                            @Schema(description = "The user's key (key-…) the room's turns run on when they name"
                                    + " none") String keyId,
                            @Schema(description = "The latest messages before messages_cursor, oldest first")
                            List<MessageView> messages,
                            @Schema(description = "Pass as messages_cursor for the older messages; null when there"
                                    + " are none") String messagesNextCursor,
                            boolean messagesHasNext) {

        static ChatWithMessages of(ChatTranscript transcript) {
            ChatView chat = ChatView.of(transcript.chat());
            Page<ChatMessage> page = transcript.messages();
            return new ChatWithMessages(chat.id(), chat.title(), chat.profileId(), chat.isShared(), chat.createdAt(),
                    chat.updatedAt(), chat.keyId(), page.results().stream().map(MessageView::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ActiveHistory(@Schema(description = "chat-…") String chatId,
                         @Schema(description = "The most messages the cached window holds") int window,
                         @Schema(description = "The room's latest messages, oldest first, now cached")
                         List<MessageView> messages) {

        static ActiveHistory of(UUID chatId, int window, List<ChatMessage> messages) {
            return new ActiveHistory(IdKind.CHAT.format(chatId), window,
                    messages.stream().map(MessageView::of).toList());
        }
    }
}
