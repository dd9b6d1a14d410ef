package dev.rill.rag;

import java.time.Duration;
import java.util.List;

import dev.rill.graph.FlowEvent;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static dev.rill.rag.KnowledgeBase.uploadText;
import static org.assertj.core.api.Assertions.assertThat;

/** With no language model configured, the RAG flow still answers: it quotes the chunks it found, numbered. */
class RagFlowOfflineTest extends HttpTest {

    @Autowired
    RagFlow flow;

    @Test
    void offlineAnswerQuotesTheBestChunksWithCitationsAndALabel() {
        Session ada = signUp();
        String docId = (String) uploadText(client, ada.bearer(), "Tortoise notes",
                "Hermann's tortoises need a diet of weeds and leafy greens, high in fibre and calcium.", null)
                .get("id");

        List<FlowEvent> events = flow.run(RagFlowTest.context(ada, "What should a Hermann's tortoise eat?"))
                .collectList().block(Duration.ofSeconds(30));

        assertThat(RagFlowTest.results(((FlowEvent.Structured) events.get(1)).content()))
                .first().extracting(r -> r.get("document_id")).isEqualTo(docId);
        String answer = events.stream().filter(FlowEvent.Delta.class::isInstance)
                .map(e -> ((FlowEvent.Delta) e).text()).reduce("", String::concat);
        assertThat(answer).startsWith("[Offline demo model]")
                .contains("[1] “Hermann's tortoises need a diet of weeds and leafy greens")
                .contains("(Tortoise notes)")
                .contains("RILL_LLM_API_KEY");
        assertThat(events).noneMatch(FlowEvent.Usage.class::isInstance);
    }
}
