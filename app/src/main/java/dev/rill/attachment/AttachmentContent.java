package dev.rill.attachment;

/** An attachment with its bytes. */
public record AttachmentContent(Attachment attachment, byte[] bytes) {
}
