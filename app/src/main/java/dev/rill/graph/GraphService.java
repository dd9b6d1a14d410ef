package dev.rill.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one turn through the graph {@code router -> recipe | rag | basic -> end}. The router node emits
 * {@code tool_selection} events and picks a flow; the flow runs, and may hand over to another flow (at most
 * {@code rill.graph.max-hand-offs} times, never to itself), and then the turn ends. The caller (the run) turns the
 * steps into SSE events, saves messages and adds up usage; the graph keeps no state between turns.
 *
 * <p>A flow's failure fails the returned flux; the router never fails a turn, it falls back to a flow.
 */
@Service
public class GraphService {

    private static final Logger log = LoggerFactory.getLogger(GraphService.class);

    /** The router's node name and event type. */
    public static final String ROUTER = "tool_selection";

    private final FlowSelector selector;
    private final FlowRegistry registry;
    private final GraphProperties properties;

    GraphService(FlowSelector selector, FlowRegistry registry, GraphProperties properties) {
        this.selector = selector;
        this.registry = registry;
        this.properties = properties;
    }

    /** The steps of answering {@code context}'s message. Cold; cancelling it stops the node that is running. */
    public Flux<GraphStep> run(FlowContext context) {
        return Flux.defer(() -> {
            long started = System.nanoTime();
            return Flux.concat(
                    Mono.just(emitted(ROUTER, ROUTER, new FlowEvent.Status("Choosing how to answer"))),
                    selector.choose(context).flatMapMany(choice -> Flux.concat(
                            routerResult(choice, started),
                            runFlow(choice.flow(), context, 0))));
        });
    }

    private Flux<GraphStep> routerResult(FlowSelector.Choice choice, long started) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("tool", choice.flow().name());
        content.put("reason", choice.reason());
        content.put("router", choice.method().wire);
        content.put("confidence", Math.round(choice.confidence() * 1000) / 1000.0);
        FlowEvent.Usage usage = choice.usage();
        Flux<GraphStep> steps = Flux.just(emitted(ROUTER, ROUTER, new FlowEvent.Structured(content)));
        if (usage != null) {
            steps = steps.concatWith(Mono.just(emitted(ROUTER, ROUTER, usage)));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("router", choice.method().wire);
        detail.put("tool", choice.flow().name());
        return steps.concatWith(Mono.fromSupplier(() -> new GraphStep.NodeFinished(ROUTER, millisSince(started),
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(), detail)));
    }

    private Flux<GraphStep> runFlow(Flow flow, FlowContext context, int handOffs) {
        return Flux.defer(() -> {
            long started = System.nanoTime();
            AtomicReference<FlowEvent.HandOff> handOff = new AtomicReference<>();
            int[] tokens = new int[2];
            Flux<GraphStep> events = flow.run(context).mapNotNull(event -> {
                if (event instanceof FlowEvent.HandOff next) {
                    handOff.set(next);
                    return null;
                }
                if (event instanceof FlowEvent.Usage usage) {
                    tokens[0] += usage.promptTokens();
                    tokens[1] += usage.completionTokens();
                }
                return emitted(flow.name(), flow.eventType(), event);
            });
            return events.concatWith(Flux.defer(() -> {
                GraphStep finished = new GraphStep.NodeFinished(flow.name(), millisSince(started), tokens[0],
                        tokens[1], Map.of());
                Flow next = next(flow, handOff.get(), handOffs);
                return next == null
                        ? Flux.just(finished)
                        : Flux.concat(Mono.just(finished),
                                runFlow(next, context.handedOver(handOff.get().briefing()), handOffs + 1));
            }));
        });
    }

    private Flow next(Flow current, FlowEvent.HandOff handOff, int handOffs) {
        if (handOff == null) {
            return null;
        }
        Flow next = registry.find(handOff.flow()).orElse(null);
        if (next == null || next == current || handOffs >= properties.maxHandOffs()) {
            log.warn("Flow {} handed over to {}, which is not allowed here; the turn ends", current.name(),
                    handOff.flow());
            return null;
        }
        return next;
    }

    private static GraphStep emitted(String node, String eventType, FlowEvent event) {
        return new GraphStep.Emitted(node, eventType, event);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
