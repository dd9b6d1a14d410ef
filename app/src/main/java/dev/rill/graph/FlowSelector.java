package dev.rill.graph;

import java.util.List;
import java.util.Map;

import dev.rill.llm.LlmService;
import dev.rill.llm.ReplyChunk;
import dev.rill.llm.ReplyRequest;
import dev.rill.llm.ToolSpec;
import dev.rill.llm.Turn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The graph's router node: picks the flow that answers a turn. The {@link FastPath} decides alone when it is
 * confident; otherwise an LLM call with one tool per flow decides. When the LLM cannot help (offline demo model,
 * LLM routing off, an upstream failure, or no tool called) the fast path's best guess goes, so routing never fails
 * a turn.
 */
@Component
class FlowSelector {

    private static final Logger log = LoggerFactory.getLogger(FlowSelector.class);
    /** Below this a best guess is noise: the fallback flow answers instead. */
    static final double GUESS_FLOOR = 0.15;
    /** Router calls see the newest turns only: the choice depends on the new message and a little context. */
    private static final int ROUTER_HISTORY = 6;

    /** How the router decided. */
    enum Method {
        FAST("fast_path"), LLM("llm"), FALLBACK("fallback");

        final String wire;

        Method(String wire) {
            this.wire = wire;
        }
    }

    /** The chosen flow, why, and what choosing it cost. */
    record Choice(Flow flow, String reason, Method method, double confidence, FlowEvent.Usage usage) {
    }

    private final FlowRegistry registry;
    private final FastPath fastPath;
    private final LlmService llm;
    private final GraphProperties properties;
    private final JsonMapper json;
    private final List<ToolSpec> tools;

    FlowSelector(FlowRegistry registry, FastPath fastPath, LlmService llm, GraphProperties properties,
                 JsonMapper json) {
        this.registry = registry;
        this.fastPath = fastPath;
        this.llm = llm;
        this.properties = properties;
        this.json = json;
        this.tools = registry.flows().stream().map(FlowSelector::tool).toList();
    }

    Mono<Choice> choose(FlowContext context) {
        if (registry.flows().size() == 1) {
            // Nothing to choose: no embedding, no scoring.
            return Mono.just(new Choice(registry.fallback(), "The only flow enabled", Method.FAST, 1.0, null));
        }
        if (!context.attachments().isEmpty()) {
            // Only the basic flow shows images to the model; a turn that brings some is answered by it.
            Flow basic = registry.find(BasicFlow.NAME).orElse(registry.fallback());
            return Mono.just(new Choice(basic, "The message comes with attached images", Method.FAST, 1.0, null));
        }
        return fastPath.score(context.message()).flatMap(scores -> {
            FastPath.Score best = scores.best();
            if (confident(scores, properties)) {
                return Mono.just(new Choice(best.flow(), "The message resembles this flow's examples",
                        Method.FAST, best.score(), null));
            }
            Choice guess = guess(scores, registry);
            if (!properties.llmRouting() || llm.describe().offline()) {
                return Mono.just(guess);
            }
            return askLlm(context, guess);
        });
    }

    /** Whether the fast path decides alone. */
    static boolean confident(FastPath.Scores scores, GraphProperties properties) {
        return scores.best().score() >= properties.fastPathThreshold()
                && scores.margin() >= properties.fastPathMargin();
    }

    /**
     * The fast path's best flow when it stands out at all, the fallback flow otherwise: a message that resembles
     * nothing (every flow scores near zero, or two flows tie) is plain chat, not whichever flow is listed first.
     */
    static Choice guess(FastPath.Scores scores, FlowRegistry registry) {
        FastPath.Score best = scores.best();
        return best.score() >= GUESS_FLOOR && scores.margin() > 0
                ? new Choice(best.flow(), "Closest match among the flows' examples", Method.FALLBACK, best.score(), null)
                : new Choice(registry.fallback(), "No flow fits better than plain chat", Method.FALLBACK, 0, null);
    }

    private Mono<Choice> askLlm(FlowContext context, Choice guess) {
        List<Turn> history = context.history();
        List<Turn> recent = history.subList(Math.max(0, history.size() - ROUTER_HISTORY), history.size());
        ReplyRequest request = context.ask(ReplyRequest.of(properties.routerSystemPrompt(), recent).withTools(tools));
        LlmAnswer answer = new LlmAnswer();
        return llm.stream(request)
                .doOnNext(chunk -> {
                    if (chunk instanceof ReplyChunk.ToolCall call && answer.call == null) {
                        answer.call = call;
                    } else if (chunk instanceof ReplyChunk.Usage usage) {
                        answer.usage = new FlowEvent.Usage(usage.promptTokens(), usage.completionTokens(), false);
                    }
                })
                .then(Mono.fromSupplier(() -> fromLlm(answer, guess)))
                .onErrorResume(e -> {
                    log.warn("Router LLM call failed ({}); using the fast path's guess", e.getClass().getSimpleName());
                    return Mono.just(new Choice(guess.flow(), "The router model was unavailable; "
                            + guess.reason().toLowerCase(java.util.Locale.ROOT), Method.FALLBACK, guess.confidence(),
                            answer.usage));
                });
    }

    private Choice fromLlm(LlmAnswer answer, Choice guess) {
        if (answer.call == null) {
            return new Choice(guess.flow(), "The router model chose no tool; " + lower(guess.reason()),
                    Method.FALLBACK, guess.confidence(), answer.usage);
        }
        Flow flow = registry.find(answer.call.name()).orElse(null);
        if (flow == null) {
            return new Choice(guess.flow(), "The router model named an unknown tool; " + lower(guess.reason()),
                    Method.FALLBACK, guess.confidence(), answer.usage);
        }
        return new Choice(flow, reason(answer.call.argumentsJson()), Method.LLM, 1.0, answer.usage);
    }

    private String reason(String argumentsJson) {
        try {
            JsonNode reason = json.readTree(argumentsJson).get("reason");
            if (reason != null && reason.isString() && !reason.asString().isBlank()) {
                String text = reason.asString().strip();
                return text.length() > 300 ? text.substring(0, 300) + "…" : text;
            }
        } catch (RuntimeException e) {
            // A malformed argument string still carries a valid choice: the tool's name.
        }
        return "Chosen by the router model";
    }

    private static String lower(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static ToolSpec tool(Flow flow) {
        return new ToolSpec(flow.name(), flow.description(), Map.of(
                "type", "object",
                "properties", Map.of("reason", Map.of("type", "string",
                        "description", "One short sentence on why this tool fits the message")),
                "required", List.of("reason")));
    }

    private static final class LlmAnswer {
        volatile ReplyChunk.ToolCall call;
        volatile FlowEvent.Usage usage;
    }
}
