package dev.rill.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.llm.LlmService;
import dev.rill.llm.Turn;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The graph with flows written for the test and the real LLM client talking to the fake OpenAI server: routing by
 * the fast path and by tool calls, fall-backs, hand-overs and their limits.
 */
class GraphServiceTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @Autowired
    LlmService llm;

    @Autowired
    GraphProperties properties;

    @Autowired
    JsonMapper json;

    @Autowired
    dev.rill.embedding.EmbeddingService embeddings;

    private final ScriptedFlow weather = new ScriptedFlow("weather", List.of("What's the weather in Seoul tomorrow?",
            "Will it rain today?", "내일 서울 날씨 어때?", "오늘 비 와?"));
    private final ScriptedFlow chat = new ScriptedFlow("chat", List.of("Hello there", "How are you?", "안녕하세요",
            "잘 지내?"));

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
    }

    @Test
    void fastPathRoutesAClearMessageWithoutAnLlmCall() {
        List<GraphStep> steps = run(graph(), "Will it rain in Busan tomorrow?");

        assertThat(OPENAI.requests()).isEmpty();
        assertThat(routerChoice(steps)).containsEntry("tool", "weather").containsEntry("router", "fast_path");
        assertThat(flowEvents(steps)).extracting(GraphStep.Emitted::node).containsOnly("weather");
        assertThat(nodes(steps)).extracting(GraphStep.NodeFinished::node).containsExactly("tool_selection", "weather");
    }

    @Test
    void fastPathReadsKoreanThroughSyllableBigrams() {
        List<GraphStep> steps = run(graph(), "부산 날씨 내일 어때요");

        assertThat(OPENAI.requests()).isEmpty();
        assertThat(routerChoice(steps)).containsEntry("tool", "weather").containsEntry("router", "fast_path");
    }

    @Test
    void unsureFastPathAsksTheLlmWithOneToolPerFlow() {
        OPENAI.enqueue(Script.toolCall("call_1", "weather", "{\"reason\":\"asks about ", "tomorrow's sky\"}")
                .usage(40, 7));

        List<GraphStep> steps = run(graph(), "Should I bring an umbrella");

        assertThat(OPENAI.requests()).hasSize(1);
        assertThat(OPENAI.lastRequest().tools())
                .extracting(tool -> (Object) ((Map<?, ?>) tool.get("function")).get("name"))
                .containsExactly("weather", "chat");
        assertThat(routerChoice(steps)).containsEntry("tool", "weather").containsEntry("router", "llm")
                .containsEntry("reason", "asks about tomorrow's sky");
        assertThat(steps).filteredOn(GraphStep.Emitted.class::isInstance).map(GraphStep.Emitted.class::cast)
                .extracting(GraphStep.Emitted::event).contains(new FlowEvent.Usage(40, 7, false));
        GraphStep.NodeFinished router = nodes(steps).get(0);
        assertThat(router.promptTokens()).isEqualTo(40);
        assertThat(router.completionTokens()).isEqualTo(7);
    }

    @Test
    void llmThatCallsNoToolLeavesTheChoiceToTheFastPathsGuess() {
        OPENAI.enqueue(Script.reply("I", " think", " chat"));

        List<GraphStep> steps = run(graph(), "Should I bring an umbrella");

        assertThat(routerChoice(steps)).containsEntry("router", "fallback");
        assertThat(nodes(steps)).hasSize(2);
    }

    @Test
    void llmNamingAnUnknownToolFallsBack() {
        OPENAI.enqueue(Script.toolCall("call_1", "launch_rockets", "{}"));

        List<GraphStep> steps = run(graph(), "Should I bring an umbrella");

        assertThat(routerChoice(steps)).containsEntry("router", "fallback");
        assertThat((String) routerChoice(steps).get("reason")).contains("unknown tool");
    }

    @Test
    void routerUpstreamFailureDoesNotFailTheTurn() {
        OPENAI.enqueue(Script.error(400));

        List<GraphStep> steps = run(graph(), "Should I bring an umbrella");

        assertThat(routerChoice(steps)).containsEntry("router", "fallback");
        assertThat((String) routerChoice(steps).get("reason")).startsWith("The router model was unavailable");
        assertThat(flowEvents(steps)).isNotEmpty();
    }

    @Test
    void flowHandsOverWithItsBriefingAndTheTurnEndsAfterTheNextFlow() {
        weather.handOffTo = "chat";

        List<GraphStep> steps = run(graph(), "Will it rain in Busan tomorrow?");

        assertThat(nodes(steps)).extracting(GraphStep.NodeFinished::node)
                .containsExactly("tool_selection", "weather", "chat");
        assertThat(chat.briefings).containsExactly("briefing from weather");
        assertThat(flowEvents(steps)).extracting(GraphStep.Emitted::eventType)
                .containsExactly("weather_flow", "weather_flow", "chat_flow", "chat_flow");
    }

    @Test
    void handOversStopAtTheConfiguredLimitAndNeverLoopToTheSameFlow() {
        weather.handOffTo = "chat";
        chat.handOffTo = "weather";
        GraphService limited = graph(new GraphProperties(properties.basicSystemPrompt(),
                properties.routerSystemPrompt(), properties.fastPathThreshold(), properties.fastPathMargin(), true, 1,
                List.of()));

        List<GraphStep> steps = run(limited, "Will it rain in Busan tomorrow?");

        assertThat(nodes(steps)).extracting(GraphStep.NodeFinished::node)
                .containsExactly("tool_selection", "weather", "chat");

        ScriptedFlow selfish = new ScriptedFlow("weather", weather.examples());
        selfish.handOffTo = "weather";
        GraphService self = graph(properties, selfish, chat);
        assertThat(nodes(run(self, "Will it rain in Busan tomorrow?"))).extracting(GraphStep.NodeFinished::node)
                .containsExactly("tool_selection", "weather");
    }

    @Test
    void registryRefusesFlowsThatAreNotRegisteredOrRegisteredButMissing() {
        assertThatThrownBy(() -> new FlowRegistry(List.of(weather, chat), List.of("chat")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("weather");
        assertThatThrownBy(() -> new FlowRegistry(List.of(chat), List.of("weather", "chat")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("weather");
        assertThatThrownBy(() -> new FlowRegistry(List.of(chat, new ScriptedFlow("chat", List.of())),
                List.of("chat"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("Two flows");
        assertThatThrownBy(() -> new FlowRegistry(List.of(weather, chat), List.of("weather", "chat"), List.of("sport")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sport");
        assertThat(new FlowRegistry(List.of(weather, chat), List.of("weather", "chat"), List.of("chat")).flows())
                .containsExactly(chat);
        assertThatThrownBy(() -> new FlowRegistry(List.of(new ScriptedFlow("Bad Name", List.of())),
                List.of("Bad Name"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void applicationRegistersEveryFlowBeanInRouterOrder(@Autowired FlowRegistry registry) {
        assertThat(registry.flows()).extracting(Flow::name).containsExactlyElementsOf(FlowRegistry.ORDER);
        assertThat(registry.fallback().name()).isEqualTo(BasicFlow.NAME);
    }

    private GraphService graph() {
        return graph(properties, weather, chat);
    }

    private GraphService graph(GraphProperties props) {
        return graph(props, weather, chat);
    }

    private GraphService graph(GraphProperties props, Flow... flows) {
        List<String> order = java.util.Arrays.stream(flows).map(Flow::name).toList();
        FlowRegistry registry = new FlowRegistry(List.of(flows), order);
        return new GraphService(new FlowSelector(registry, new FastPath(registry, embeddings), llm, props, json), registry, props);
    }

    private static List<GraphStep> run(GraphService graph, String message) {
        FlowContext context = new FlowContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, message,
                List.of(Turn.user(message)), null);
        return graph.run(context).collectList().block(WAIT);
    }

    private static Map<String, Object> routerChoice(List<GraphStep> steps) {
        return steps.stream()
                .filter(GraphStep.Emitted.class::isInstance).map(GraphStep.Emitted.class::cast)
                .filter(step -> step.node().equals(GraphService.ROUTER))
                .map(GraphStep.Emitted::event)
                .filter(FlowEvent.Structured.class::isInstance)
                .map(event -> ((FlowEvent.Structured) event).content())
                .findFirst().orElseThrow();
    }

    private static List<GraphStep.Emitted> flowEvents(List<GraphStep> steps) {
        return steps.stream().filter(GraphStep.Emitted.class::isInstance).map(GraphStep.Emitted.class::cast)
                .filter(step -> !step.node().equals(GraphService.ROUTER)).toList();
    }

    private static List<GraphStep.NodeFinished> nodes(List<GraphStep> steps) {
        return steps.stream().filter(GraphStep.NodeFinished.class::isInstance)
                .map(GraphStep.NodeFinished.class::cast).toList();
    }

    /** A flow that reports a status and one delta, and hands over when told to. */
    private static final class ScriptedFlow implements Flow {

        final String name;
        final List<String> examples;
        final List<String> briefings = new ArrayList<>();
        String handOffTo;

        ScriptedFlow(String name, List<String> examples) {
            this.name = name;
            this.examples = examples;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "Answers " + name + " questions";
        }

        @Override
        public List<String> examples() {
            return examples;
        }

        @Override
        public Flux<FlowEvent> run(FlowContext context) {
            if (context.briefing() != null) {
                briefings.add(context.briefing());
            }
            Flux<FlowEvent> events = Flux.just(new FlowEvent.Status("working"), new FlowEvent.Delta(name));
            return handOffTo == null ? events
                    : events.concatWithValues(new FlowEvent.HandOff(handOffTo, "briefing from " + name));
        }
    }
}
