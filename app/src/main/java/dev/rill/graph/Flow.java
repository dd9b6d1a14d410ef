package dev.rill.graph;

import java.util.List;

import reactor.core.publisher.Flux;

/**
 * One way of answering a turn: recipe, RAG, basic chat. A flow is a Spring bean; {@link FlowRegistry} lists every
 * flow in the order the router offers them, so adding a flow is this class plus one line there.
 *
 * <p>A flow streams {@link FlowEvent}s. The graph turns them into the run's SSE events under {@link #eventType()},
 * saves the messages they carry, adds up usage, and goes on to the flow a {@link FlowEvent.HandOff} names. A flow
 * that cannot finish fails its flux, with a {@code RillException} whose detail is safe to show; text it streamed
 * before is kept and marked failed. Cancelling the flux (the user stopped the run) must stop any upstream call.
 */
public interface Flow {

    /** The router's tool name and the value of {@code next_step}: lower case letters and {@code _}. */
    String name();

    /** The SSE event type of this flow's events, such as {@code recipe_flow}. */
    default String eventType() {
        return name() + "_flow";
    }

    /** When the router should pick this flow, written for the LLM that reads it as a tool description. */
    String description();

    /**
     * Messages that this flow should answer, in English and Korean, for the router's fast path: they are embedded
     * once at start-up, and a message close enough to one flow's examples is routed without asking the LLM.
     */
    List<String> examples();

    /** Answers the turn. Cold: nothing happens until subscription. */
    Flux<FlowEvent> run(FlowContext context);
}
