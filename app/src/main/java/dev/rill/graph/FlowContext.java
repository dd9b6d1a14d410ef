package dev.rill.graph;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.rill.attachment.AttachmentContent;
import dev.rill.llm.Credentials;
import dev.rill.llm.ReplyRequest;
import dev.rill.llm.Turn;

/**
 * What a flow knows about the turn it answers.
 *
 * @param userId    the user who sent the message; flows read and write only this user's data
 * @param chatId    the room
 * @param runId     the run answering the message; saved rows that the turn creates point at it
 * @param profileId the profile the room is bound to, or {@code null}
 * @param message   the user's new message
 * @param history   earlier messages of the room that fit the context budget, oldest first, ending with
 *                  {@code message} as the last user turn
 * @param briefing  what the previous flow handed over (see {@link FlowEvent.HandOff}), or {@code null} for the
 *                  first flow of the turn
 * @param credentials the user's own provider key the turn runs on, or {@code null} for Rill's own model; every
 *                    LLM call of the turn passes it on ({@link #ask})
 * @param attachments images attached to the room since its last turn, with their bytes, oldest first; this turn
 *                    sends them to the model (the basic flow does). Empty when there are none
 */
public record FlowContext(UUID userId, UUID chatId, UUID runId, UUID profileId, String message, List<Turn> history,
                          String briefing, Credentials credentials, List<AttachmentContent> attachments) {

    public FlowContext(UUID userId, UUID chatId, UUID runId, UUID profileId, String message, List<Turn> history,
                       String briefing) {
        this(userId, chatId, runId, profileId, message, history, briefing, null);
    }

    public FlowContext(UUID userId, UUID chatId, UUID runId, UUID profileId, String message, List<Turn> history,
                       String briefing, Credentials credentials) {
        this(userId, chatId, runId, profileId, message, history, briefing, credentials, List.of());
    }

    public FlowContext {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(message, "message");
        history = List.copyOf(history);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The same turn, for the flow that {@code briefing} hands over to. */
    public FlowContext handedOver(String briefing) {
        return new FlowContext(userId, chatId, runId, profileId, message, history, briefing, credentials,
                attachments);
    }

    /** {@code request} on this turn's credentials: the user's own key when the turn runs on one. */
    public ReplyRequest ask(ReplyRequest request) {
        return credentials == null ? request : request.withCredentials(credentials);
    }
}
