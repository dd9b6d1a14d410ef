package dev.rill.llm;

import java.time.Duration;
import java.util.List;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The LLM layer inside the running application, which the test suite starts without an API key. */
class LlmServiceTest extends HttpTest {

    @Autowired
    LlmService llm;

    @Test
    void withoutAKeyTheOfflineModelAnswers() {
        ReplyRequest request = ReplyRequest.of(null, List.of(Turn.user("Are you there?")));
        StringBuilder text = new StringBuilder();

        StepVerifier.create(llm.stream(request).subscribeOn(Schedulers.parallel()))
                .thenConsumeWhile(chunk -> !(chunk instanceof ReplyChunk.Usage), chunk ->
                        text.append(((ReplyChunk.Token) chunk).text()))
                .expectNextMatches(ReplyChunk.Usage.class::isInstance)
                .expectNext(new ReplyChunk.Finished("stop"))
                .expectComplete()
                .verify(Duration.ofSeconds(20));

        assertThat(text.toString()).isEqualTo(OfflineDemoModel.replyText(request));
        assertThat(llm.describe()).isEqualTo(new LlmService.Description("offline-demo", true));
    }

    @Test
    void infoSaysWhichModelAnswers() {
        client.get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.llm.model").isEqualTo("offline-demo")
                .jsonPath("$.llm.offline").isEqualTo(true);
    }
}
