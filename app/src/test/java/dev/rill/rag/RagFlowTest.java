package dev.rill.rag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.MessageRole;
import dev.rill.graph.FlowContext;
import dev.rill.graph.FlowEvent;
import dev.rill.llm.LlmFailure;
import dev.rill.llm.Turn;
import dev.rill.shared.IdKind;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.rill.rag.KnowledgeBase.uploadText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The RAG flow against a real language-model client talking to {@link FakeOpenAi}: documents are uploaded over
 * HTTP, the flow runs as the graph would run it.
 */
class RagFlowTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    RagFlow flow;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
    }

    @Test
    void answerStreamsFromTheModelWithTheFoundChunksInItsPrompt() {
        Session ada = signUp();
        Session bob = signUp();
        String docId = (String) uploadText(client, ada.bearer(), "Finch care",
                "Zebra finches eat mostly millet seed. Offer cuttlebone for calcium and fresh greens twice a week.",
                null).get("id");
        String bobsDoc = (String) uploadText(client, bob.bearer(), "Bob's finch diary",
                "My zebra finches eat only sunflower seeds, which I know is wrong.", null).get("id");
        OPENAI.enqueue(Script.reply("Mostly ", "millet ", "seed [1].").usage(120, 7));

        List<FlowEvent> events = run(ada, "What do zebra finches eat?");

        assertThat(events).hasSize(7);
        assertThat(events.get(0)).isEqualTo(new FlowEvent.Status("Searching the knowledge base…"));
        Map<String, Object> found = ((FlowEvent.Structured) events.get(1)).content();
        assertThat(found).containsEntry("search_query", "What do zebra finches eat?");
        List<Map<String, Object>> results = results(found);
        assertThat(results).extracting(r -> r.get("document_id")).contains(docId).doesNotContain(bobsDoc);
        assertThat(results.get(0)).containsEntry("document_id", docId).containsEntry("title", "Finch care")
                .containsKeys("chunk", "score");
        assertThat(events.get(2)).isEqualTo(new FlowEvent.Message(MessageRole.RAG, found));
        assertThat(events.subList(3, 6)).containsExactly(new FlowEvent.Delta("Mostly "),
                new FlowEvent.Delta("millet "), new FlowEvent.Delta("seed [1]."));
        assertThat(events.get(6)).isEqualTo(new FlowEvent.Usage(120, 7, false));

        List<Map<String, Object>> sent = OPENAI.lastRequest().messages();
        assertThat(sent.get(0)).containsEntry("role", "system");
        assertThat((String) sent.get(0).get("content"))
                .contains("[1] from \"Finch care\"")
                .contains("Zebra finches eat mostly millet seed.")
                .contains("cite the excerpts")
                .doesNotContain("sunflower");
        assertThat(sent.get(sent.size() - 1)).containsEntry("role", "user")
                .containsEntry("content", "What do zebra finches eat?");
    }

    @Test
    void nothingRelevantIsSaidHonestlyWithoutAskingTheModel() {
        Session ada = signUp();
        uploadText(client, ada.bearer(), "Finch care", "Zebra finches eat mostly millet seed.", null);

        List<FlowEvent> events = run(ada, "How do I change the oil of a diesel tractor engine?");

        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isInstanceOf(FlowEvent.Status.class);
        assertThat(results(((FlowEvent.Structured) events.get(1)).content())).isEmpty();
        assertThat(((FlowEvent.Message) events.get(2)).role()).isEqualTo(MessageRole.RAG);
        assertThat(((FlowEvent.Delta) events.get(3)).text()).startsWith("I found nothing in the knowledge base about"
                + " “How do I change the oil of a diesel tractor engine?”");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void nothingFoundForAKoreanQuestionIsSaidInKorean() {
        Session ada = signUp();

        List<FlowEvent> events = run(ada, "트랙터 엔진오일 교체 주기는 어떻게 되나요?");

        assertThat(((FlowEvent.Delta) events.get(events.size() - 1)).text()).startsWith("지식 베이스에서")
                .contains("찾지 못했습니다");
        assertThat(OPENAI.requests()).isEmpty();
    }

    @Test
    void modelFailureEndsTheFlowWithAnErrorAfterTheSearchResult() {
        Session ada = signUp();
        uploadText(client, ada.bearer(), "Finch care", "Zebra finches eat mostly millet seed.", null);
        OPENAI.enqueue(Script.error(400));

        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Throwable failure = catchThrowable(() -> flow.run(context(ada, "What do zebra finches eat?"))
                .doOnNext(seen::add).blockLast(WAIT));

        assertThat(failure).isInstanceOf(LlmFailure.class);
        assertThat(seen).hasSize(3).last().isInstanceOf(FlowEvent.Message.class);
    }

    @Test
    void describesItselfForTheRouterInEnglishAndKorean() {
        assertThat(flow.name()).isEqualTo("rag");
        assertThat(flow.eventType()).isEqualTo("rag_flow");
        assertThat(flow.description()).contains("knowledge base");
        assertThat(flow.examples()).hasSizeGreaterThanOrEqualTo(10)
                .anySatisfy(e -> assertThat(e).matches(".*\\p{IsHangul}.*"))
                .anySatisfy(e -> assertThat(e).matches("[\\p{IsLatin}\\p{Punct}\\d ]+"));
    }

    private List<FlowEvent> run(Session session, String message) {
        return flow.run(context(session, message)).collectList().block(WAIT);
    }

    static FlowContext context(Session session, String message) {
        return new FlowContext(IdKind.USER.parse(session.userId()), UUID.randomUUID(), UUID.randomUUID(), null,
                message, List.of(Turn.user(message)), null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(Map<String, Object> content) {
        return (List<Map<String, Object>>) content.get("search_result");
    }
}
