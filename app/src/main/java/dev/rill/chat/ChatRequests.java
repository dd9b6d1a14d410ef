package dev.rill.chat;

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

    record Update(@Schema(description = "New title: one line, not blank. Required unless key_id is given")
                  String title,
                  @Schema(description = "One of the user's keys (key-…) that the room's turns run on when a turn names"
                          + " none; an empty string unbinds it")
                  @Size(max = 60) String keyId) {
    }
}
