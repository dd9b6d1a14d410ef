package dev.rill.share;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rill.chat.ChatMessage;
import dev.rill.chat.ChatTranscript;
import dev.rill.chat.Page;
import dev.rill.shared.IdKind;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the share routes return. The public view is built field by field from what may be shown: never the owner,
 * the room's profile, run IDs, statuses or token usage. Every field is always present, {@code null} included.
 */
final class ShareResponses {

    private ShareResponses() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SharedLinkView(@Schema(description = "chat-…") String chatId,
                          @Schema(description = "Always true") boolean shared,
                          @Schema(description = "Where anyone can read the room, without signing in")
                          String publicUrl) {

        static SharedLinkView of(ShareService.SharedLink link) {
            return new SharedLinkView(IdKind.CHAT.format(link.chatId()), true, link.publicUrl());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SharedMessage(@Schema(description = "msg-…") String id,
                         @Schema(allowableValues = {"user", "assistant", "recipe", "rag"}) String role,
                         @Schema(description = "JSON object; the text to show is under \"message\"")
                         Map<String, Object> content,
                         Instant createdAt) {

        static SharedMessage of(ChatMessage message) {
            return new SharedMessage(IdKind.MESSAGE.format(message.id()), message.role().wire(), message.content(),
                    message.createdAt());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SharedChat(@Schema(description = "chat-…") String chatId,
                      String title,
                      Instant createdAt,
                      Instant updatedAt,
                      @Schema(description = "The latest messages before messages_cursor, oldest first")
                      List<SharedMessage> messages,
                      @Schema(description = "Pass as messages_cursor for the older messages; null when there are"
                              + " none") String messagesNextCursor,
                      boolean messagesHasNext) {

        static SharedChat of(ChatTranscript transcript) {
            Page<ChatMessage> page = transcript.messages();
            return new SharedChat(IdKind.CHAT.format(transcript.chat().id()), transcript.chat().title(),
                    transcript.chat().createdAt(), transcript.chat().updatedAt(),
                    page.results().stream().map(SharedMessage::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ForkView(@Schema(description = "The new room, chat-…") String chatId,
                    @Schema(description = "Where the client app should take the user") String redirectUrl) {

        static ForkView of(ShareService.Fork fork) {
            return new ForkView(IdKind.CHAT.format(fork.chatId()), fork.redirectUrl());
        }
    }
}
