package dev.rill.share;

import io.swagger.v3.oas.annotations.media.Schema;

/** Request bodies of the share routes. */
final class ShareRequests {

    private ShareRequests() {
    }

    /**
     * The optional body of a fork. {@code message} is accepted because the pet-nutrition clients send it, but the
     * fork stores nothing for it: the client sends it to the new room itself, so that it streams like any turn.
     */
    record Fork(@Schema(description = "Accepted and not stored: send it with POST /api/chats/{chat_id}/messages"
            + " to the new room") String message) {

        static final Fork EMPTY = new Fork(null);
    }
}
