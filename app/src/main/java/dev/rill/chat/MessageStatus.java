package dev.rill.chat;

import java.util.Arrays;

/** How far a message got. Only answers that are streamed are ever anything but {@link #COMPLETE}. */
public enum MessageStatus {
    /** Still being written by a run. */
    STREAMING("streaming"),
    COMPLETE("complete"),
    /** The user stopped the answer; the content is what was written until then. */
    STOPPED("stopped"),
    /** The run failed; the content is what was written until then. */
    FAILED("failed");

    private final String wire;

    MessageStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MessageStatus fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown message status " + wire));
    }
}
