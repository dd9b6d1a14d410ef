package dev.rill.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One earlier message of the conversation, oldest first in {@link ReplyRequest#history()}.
 *
 * @param images images sent with a user turn, in order; empty for text only (and always for assistant turns)
 */
public record Turn(Role role, String text, List<TurnImage> images) {

    public enum Role { USER, ASSISTANT }

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        images = images == null ? List.of() : List.copyOf(images);
        if (role == Role.ASSISTANT && !images.isEmpty()) {
            throw new IllegalArgumentException("Only user turns carry images");
        }
    }

    public Turn(Role role, String text) {
        this(role, text, List.of());
    }

    public static Turn user(String text) {
        return new Turn(Role.USER, text);
    }

    /** A user turn with images, which go to the model after the text. */
    public static Turn user(String text, List<TurnImage> images) {
        return new Turn(Role.USER, text, images);
    }

    public static Turn assistant(String text) {
        return new Turn(Role.ASSISTANT, text);
    }

    /** The same turn with {@code more} images after its own. */
    public Turn withImages(List<TurnImage> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<TurnImage> all = new ArrayList<>(images);
        all.addAll(more);
        return new Turn(role, text, all);
    }
}
