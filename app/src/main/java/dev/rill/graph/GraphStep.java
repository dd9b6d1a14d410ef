package dev.rill.graph;

import java.util.Map;

/** What the graph reports while it answers a turn: flow events, and a summary as each node finishes. */
public sealed interface GraphStep {

    /**
     * An event of node {@code node} (the router or a flow), to go out as an SSE event of type {@code eventType}
     * (or, for {@link FlowEvent.Named}, the event's own type).
     */
    record Emitted(String node, String eventType, FlowEvent event) implements GraphStep {
    }

    /**
     * A node finished: how long it took, the tokens its LLM calls used, and node-specific facts (the router's
     * method and choice).
     */
    record NodeFinished(String node, long millis, int promptTokens, int completionTokens, Map<String, Object> detail)
            implements GraphStep {
    }
}
