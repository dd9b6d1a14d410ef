package dev.rill.chat;

import java.util.Arrays;

/** Who or what wrote a message. {@link #wire()} is the value in the database and on the wire. */
public enum MessageRole {
    USER("user"),
    ASSISTANT("assistant"),
    TOOL("tool"),
    TOOL_RESULT("tool_result"),
    RECIPE("recipe"),
    RAG("rag");

    private final String wire;

    MessageRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MessageRole fromWire(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown message role " + wire));
    }
}
