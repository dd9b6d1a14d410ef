package dev.rill.attachment;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Image attachments ({@code rill.attachments.*}).
 *
 * @param maxBytes   largest image (the file's bytes); larger ones get 413 {@code body-too-large}
 * @param maxPerRoom attachments one room may hold; one more gets 409 {@code too-many-attachments}
 * @param maxPerTurn pending attachments one turn takes and sends to the model (oldest first); the rest wait for
 *                   the next turn
 */
@Validated
@ConfigurationProperties("rill.attachments")
public record AttachmentProperties(
        @DefaultValue("10MB") @NotNull DataSize maxBytes,
        @DefaultValue("50") @Min(1) @Max(1000) int maxPerRoom,
        @DefaultValue("4") @Min(1) @Max(20) int maxPerTurn) {

    @AssertTrue(message = "max-bytes must be from 1 byte to 50MB")
    boolean isMaxBytesInRange() {
        return maxBytes == null || (maxBytes.toBytes() > 0 && maxBytes.compareTo(DataSize.ofMegabytes(50)) <= 0);
    }
}
