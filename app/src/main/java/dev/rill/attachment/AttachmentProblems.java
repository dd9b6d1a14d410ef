package dev.rill.attachment;

import dev.rill.shared.ProblemType;
import org.springframework.http.HttpStatus;

/** Problem types of the attachment feature. */
final class AttachmentProblems {

    /** The room already holds {@code rill.attachments.max-per-room} attachments. */
    static final ProblemType TOO_MANY_ATTACHMENTS =
            new ProblemType("too-many-attachments", "Too many attachments in this room", HttpStatus.CONFLICT);

    private AttachmentProblems() {
    }
}
