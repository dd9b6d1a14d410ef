package dev.rill.llm;

import java.util.Objects;

/**
 * An image that goes to the model with a user {@link Turn}, sent inline as base64 (OpenAI's {@code image_url} with a
 * {@code data:} URL). Only vision-capable models can read it.
 *
 * @param mediaType {@code image/png} or {@code image/jpeg}
 * @param data      the image's bytes; not copied, so callers must not change them
 */
public record TurnImage(String mediaType, byte[] data) {

    public TurnImage {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(data, "data");
    }
}
