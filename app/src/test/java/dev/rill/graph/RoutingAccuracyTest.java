package dev.rill.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rill.support.HttpTest;
import dev.rill.llm.LlmService;
import dev.rill.llm.Turn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's fast path on the labelled set in {@code graph/routing-set.tsv} (English and Korean, none of them a
 * flow's example). Fails when accuracy falls below the floor, and writes the figures, with the time the fast path
 * took, to {@code target/routing-accuracy.md}, which {@code loadtest/router-accuracy.sh} copies into
 * {@code docs/benchmarks.md}.
 */
class RoutingAccuracyTest extends HttpTest {

    /** Below this share of right best guesses, something broke (examples, features, or the embedding). */
    private static final double GUESS_FLOOR = 0.80;
    /** When the fast path decides alone it must almost never be wrong: a wrong flow costs more than an LLM call. */
    private static final double DECIDED_FLOOR = 0.90;

    record Labelled(String label, String message) {
    }

    @Autowired
    FastPath fastPath;

    @Autowired
    GraphProperties properties;

    @Autowired
    FlowRegistry registry;

    @Test
    void fastPathRoutesTheLabelledSetAboveTheFloor() throws IOException {
        List<Labelled> set = load();
        // Warm-up, so that class loading and the JIT are not counted as routing time.
        set.forEach(item -> fastPath.score(item.message()).block());

        int right = 0;
        int decided = 0;
        int decidedRight = 0;
        Map<String, int[]> perLabel = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        long nanos = 0;
        for (Labelled item : set) {
            long started = System.nanoTime();
            FastPath.Scores scores = fastPath.score(item.message()).block();
            nanos += System.nanoTime() - started;
            boolean alone = FlowSelector.confident(scores, properties);
            String guess = alone ? scores.best().flow().name() : FlowSelector.guess(scores, registry).flow().name();
            boolean hit = guess.equals(item.label());
            int[] counts = perLabel.computeIfAbsent(item.label() + (isKorean(item.message()) ? " (ko)" : " (en)"),
                    label -> new int[3]);
            counts[0]++;
            if (hit) {
                right++;
                counts[1]++;
            } else {
                misses.add(item.label() + " → " + guess + ": " + item.message());
            }
            if (alone) {
                decided++;
                counts[2]++;
                if (hit) {
                    decidedRight++;
                }
            }
        }
        int wordsRight = 0;
        int wordsDecided = 0;
        int wordsDecidedRight = 0;
        long wordsNanos = 0;
        for (Labelled item : set) {
            long started = System.nanoTime();
            FastPath.Scores scores = fastPath.scoreByWords(item.message());
            wordsNanos += System.nanoTime() - started;
            boolean alone = FlowSelector.confident(scores, properties);
            String guess = alone ? scores.best().flow().name() : FlowSelector.guess(scores, registry).flow().name();
            wordsRight += guess.equals(item.label()) ? 1 : 0;
            wordsDecided += alone ? 1 : 0;
            wordsDecidedRight += alone && guess.equals(item.label()) ? 1 : 0;
        }
        String wordsRows = String.format("| fast path by words alone (no embeddings), deciding | %d of %d (%.0f%%) | %.1f%% | %.1f µs |%n"
                        + "| fast path by words alone, best guess | %d of %d | %.1f%% | %.1f µs |%n",
                wordsDecided, set.size(), 100.0 * wordsDecided / set.size(),
                wordsDecided == 0 ? 100.0 : 100.0 * wordsDecidedRight / wordsDecided, wordsNanos / 1000.0 / set.size(),
                set.size(), set.size(), 100.0 * wordsRight / set.size(), wordsNanos / 1000.0 / set.size());
        double guessAccuracy = (double) right / set.size();
        double decidedAccuracy = decided == 0 ? 1 : (double) decidedRight / decided;
        writeReport(set.size(), guessAccuracy, decided, decidedAccuracy, perLabel, misses, nanos / set.size(),
                wordsRows);

        assertThat(guessAccuracy).as("best-guess accuracy; misses: %s", misses).isGreaterThanOrEqualTo(GUESS_FLOOR);
        assertThat(decidedAccuracy).as("accuracy where the fast path decides alone; misses: %s", misses)
                .isGreaterThanOrEqualTo(DECIDED_FLOOR);
    }

    /**
     * The LLM router alone on the same set, against whatever model {@code RILL_LLM_*} names. Not part of the build
     * (it needs a real model); {@code loadtest/router-accuracy.sh llm} runs it.
     */
    @Test
    @EnabledIfSystemProperty(named = "rill.routing.llm", matches = "true")
    void llmRouterOnTheLabelledSet(@Autowired LlmService llm, @Autowired JsonMapper json) throws IOException {
        GraphProperties alwaysAsk = new GraphProperties(properties.basicSystemPrompt(), properties.routerSystemPrompt(),
                1.0, 1.0, true, properties.maxHandOffs(), properties.flows());
        FlowSelector selector = new FlowSelector(registry, fastPath, llm, alwaysAsk, json);
        List<Labelled> set = load();
        int right = 0;
        int answered = 0;
        List<Long> millis = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (Labelled item : set) {
            FlowContext context = new FlowContext(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(),
                    java.util.UUID.randomUUID(), null, item.message(), List.of(Turn.user(item.message())), null);
            long started = System.nanoTime();
            FlowSelector.Choice choice = selector.choose(context).block(java.time.Duration.ofMinutes(2));
            millis.add((System.nanoTime() - started) / 1_000_000);
            answered += choice.method() == FlowSelector.Method.LLM ? 1 : 0;
            if (choice.flow().name().equals(item.label())) {
                right++;
            } else {
                misses.add(item.label() + " → " + choice.flow().name() + ": " + item.message());
            }
        }
        millis.sort(null);
        String table = String.format("| LLM router (%s), every message | %d of %d answered with a tool call | %.1f%% |"
                        + " p50 %d ms, p90 %d ms |%n",
                llm.describe().model(), answered, set.size(), 100.0 * right / set.size(),
                millis.get(millis.size() / 2), millis.get(millis.size() * 9 / 10));
        Path out = Path.of("target", "routing-accuracy-llm.md");
        Files.writeString(out, table + (misses.isEmpty() ? "" : "\nLLM misses:\n\n- "
                + String.join("\n- ", misses).replace("|", "\\|") + "\n"));
    }

    private static List<Labelled> load() throws IOException {
        List<Labelled> set = new ArrayList<>();
        try (InputStream in = RoutingAccuracyTest.class.getResourceAsStream("/graph/routing-set.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                set.add(new Labelled(parts[0].strip(), parts[1].strip()));
            }
        }
        assertThat(set).hasSizeGreaterThanOrEqualTo(60);
        return set;
    }

    private void writeReport(int total, double guessAccuracy, int decided, double decidedAccuracy,
                             Map<String, int[]> perLabel, List<String> misses, long meanNanos, String wordsRows)
            throws IOException {
        StringBuilder report = new StringBuilder();
        report.append(String.format("Labelled set: %d messages (`app/src/test/resources/graph/routing-set.tsv`).%n%n",
                total));
        report.append("| router | decides | accuracy where it decides | time per message |\n|---|---|---|---|\n");
        report.append(String.format("| fast path alone (threshold %.2f, margin %.2f) | %d of %d (%.0f%%) | %.1f%% | %.1f µs |%n",
                properties.fastPathThreshold(), properties.fastPathMargin(), decided, total,
                100.0 * decided / total, 100 * decidedAccuracy, meanNanos / 1000.0));
        report.append(String.format("| fast path's best guess, every message | %d of %d | %.1f%% | %.1f µs |%n",
                total, total, 100 * guessAccuracy, meanNanos / 1000.0));
        report.append(wordsRows).append('\n');
        report.append("| label | messages | best guess right | decided alone |\n|---|---|---|---|\n");
        perLabel.forEach((label, counts) -> report.append(String.format("| %s | %d | %d | %d |%n", label,
                counts[0], counts[1], counts[2])));
        if (!misses.isEmpty()) {
            report.append("\nMisses (label → guess):\n\n");
            misses.forEach(miss -> report.append("- ").append(miss.replace("|", "\\|")).append('\n'));
        }
        Path out = Path.of("target", "routing-accuracy.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private static boolean isKorean(String text) {
        return text.codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3);
    }
}
