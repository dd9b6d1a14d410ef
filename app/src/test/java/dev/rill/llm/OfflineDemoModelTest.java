package dev.rill.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.rill.llm.ReplyChunk.Finished;
import dev.rill.llm.ReplyChunk.Token;
import dev.rill.llm.ReplyChunk.Usage;
import org.junit.jupiter.api.Test;

import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineDemoModelTest {

    private static final Duration DELAY = Duration.ofMillis(30);

    private final OfflineDemoModel model = new OfflineDemoModel(DELAY);

    @Test
    void streamsDeterministicLabelledReplyWithUsage() {
        ReplyRequest request = ReplyRequest.of("Be brief.", List.of(
                Turn.user("Hello there"), Turn.assistant("Hi."), Turn.user("How fast is Rill, really?")));

        List<ReplyChunk> first = collect(request);
        List<ReplyChunk> second = collect(request);

        assertThat(second).isEqualTo(first);
        String text = text(first);
        assertThat(text).startsWith("[Offline demo model] You wrote 5 words: \"How fast is Rill, really?\".")
                .contains("RILL_LLM_API_KEY")
                .isEqualTo(OfflineDemoModel.replyText(request));
        assertThat(first.get(first.size() - 2)).isEqualTo(new Usage(
                // "Be brief." 3, "Hello there" 2, "Hi." 2, "How fast is Rill, really?" 7
                14, OfflineDemoModel.countTokens(text)));
        assertThat(first.get(first.size() - 1)).isEqualTo(new Finished("stop"));
        assertThat(first.subList(0, first.size() - 2)).allMatch(Token.class::isInstance);
    }

    @Test
    void quotesOnlyTheBeginningOfALongMessage() {
        String text = OfflineDemoModel.replyText(ReplyRequest.of(null, List.of(Turn.user(
                "one two three four five six seven eight nine ten eleven twelve"))));

        assertThat(text).contains("You wrote 12 words: \"one two three four five six seven eight…\".");
    }

    @Test
    void saysSoWhenThereIsNoUserMessage() {
        String text = OfflineDemoModel.replyText(ReplyRequest.of("System only", List.of()));

        assertThat(text).startsWith("[Offline demo model] There is no message from you to answer yet.");
    }

    @Test
    void pacesTokensWithTheConfiguredDelay() {
        ReplyRequest request = ReplyRequest.of(null, List.of(Turn.user("Pace me")));
        int tokens = (int) collect(request).stream().filter(Token.class::isInstance).count();

        StepVerifier.withVirtualTime(() -> model.stream(request))
                .expectSubscription()
                .expectNoEvent(DELAY.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(new Token("[Offline"))
                .expectNoEvent(DELAY.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(new Token(" demo"))
                // The rest arrive one delay apart: just before the last is due, one is still missing.
                .thenAwait(DELAY.multipliedBy(tokens - 2).minusMillis(1))
                .expectNextCount(tokens - 3)
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(Token.class::isInstance)
                .expectNextMatches(Usage.class::isInstance)
                .expectNext(new Finished("stop"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void slowSubscriberMissesNoToken() {
        ReplyRequest request = ReplyRequest.of(null, List.of(Turn.user("Slowly")));

        StepVerifier.withVirtualTime(() -> model.stream(request), 0)
                .expectSubscription()
                .thenRequest(1)
                .thenAwait(DELAY)
                .expectNext(new Token("[Offline"))
                // Ten ticks pass without demand; they are skipped, the tokens are not.
                .thenAwait(DELAY.multipliedBy(10))
                .thenRequest(1)
                .thenAwait(DELAY)
                .expectNext(new Token(" demo"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void streamsFromAParallelThreadWithoutBlocking() {
        OfflineDemoModel fast = new OfflineDemoModel(Duration.ofMillis(1));
        ReplyRequest request = ReplyRequest.of(null, List.of(Turn.user("Check the threads")));

        StepVerifier.create(fast.stream(request).subscribeOn(Schedulers.parallel()))
                .thenConsumeWhile(chunk -> !(chunk instanceof Finished))
                .expectNext(new Finished("stop"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void zeroDelayStreamsAtOnce() {
        OfflineDemoModel instant = new OfflineDemoModel(Duration.ZERO);
        ReplyRequest request = ReplyRequest.of(null, List.of(Turn.user("Now")));

        List<ReplyChunk> chunks = instant.stream(request).collectList().block(Duration.ofSeconds(5));

        assertThat(text(chunks)).isEqualTo(OfflineDemoModel.replyText(request));
    }

    @Test
    void describesItselfAsOffline() {
        assertThat(model.offline()).isTrue();
        assertThat(model.name()).isEqualTo("offline-demo");
    }

    private List<ReplyChunk> collect(ReplyRequest request) {
        List<ReplyChunk> chunks = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> model.stream(request).collectList())
                .thenAwait(Duration.ofMinutes(1))
                .consumeNextWith(chunks::addAll)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        return chunks;
    }

    private static String text(List<ReplyChunk> chunks) {
        StringBuilder text = new StringBuilder();
        for (ReplyChunk chunk : chunks) {
            if (chunk instanceof Token token) {
                text.append(token.text());
            }
        }
        return text.toString();
    }
}
