package dev.rill.rag;

import java.util.Arrays;

/** Who a document is for. {@link #wire()} is the value on the wire. */
public enum DocumentScope {
    /** The uploader's own: only their searches see it. */
    USER("user"),
    /** Everyone's: every user's search sees it. Only admins add or delete these. */
    GLOBAL("global");

    private final String wire;

    DocumentScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The scope named {@code wire}, or {@code null} if there is none by that name. */
    public static DocumentScope fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst().orElse(null);
    }
}
