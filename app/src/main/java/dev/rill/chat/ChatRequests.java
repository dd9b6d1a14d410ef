package dev.rill.chat;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Request bodies of the chat routes. Title rules depend on configuration ({@code rill.chat.max-title-length}), so
 * {@link ChatService} checks titles; what is fixed is checked here.
 */
final class ChatRequests {

    private ChatRequests() {
    }

    record Create(
            @Schema(description = "Room title; leave out to let the first user message name the room")
            String title,
            @Schema(description = "One of the user's profiles (pet-… or profile-…) the room is about")
            @Size(min = 1, max = 100) @Pattern(regexp = "^[A-Za-z0-9._:-]*$",
                    message = "may contain only letters, digits and . _ : -") String profileId) {

        static final Create EMPTY = new Create(null, null);
    }

    record Rename(@Schema(description = "New title: one line, not blank", requiredMode = Schema.RequiredMode.REQUIRED)
                  @NotNull String title) {
    }
}
