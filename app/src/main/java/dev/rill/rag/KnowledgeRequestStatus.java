package dev.rill.rag;

import java.util.Arrays;

/** Where a knowledge request stands. {@link #wire()} is the value in the database and on the wire. */
public enum KnowledgeRequestStatus {
    PENDING("pending"),
    APPLIED("applied"),
    REJECTED("rejected");

    private final String wire;

    KnowledgeRequestStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The status named {@code wire}, or {@code null} if there is none by that name. */
    public static KnowledgeRequestStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst().orElse(null);
    }
}
