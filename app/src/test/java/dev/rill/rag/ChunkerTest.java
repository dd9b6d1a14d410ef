package dev.rill.rag;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkerTest {

    @Test
    void shortTextIsOneChunkAndBlankTextNone() {
        Chunker chunker = new Chunker(100, 10);

        assertThat(chunker.split("  A short note.\n")).containsExactly("A short note.");
        assertThat(chunker.split(" \n\n \t")).isEmpty();
    }

    @Test
    void chunksStayWithinTheLimitAndSplitAtParagraphsFirst() {
        Chunker chunker = new Chunker(50, 0);
        String paragraph = "This sentence is about forty characters. ".repeat(3).strip();
        String text = String.join("\n\n", paragraph + " A.", paragraph + " B.", paragraph + " C.");

        List<String> chunks = chunker.split(text);

        assertThat(chunks).allSatisfy(chunk -> assertThat(Chunker.tokens(chunk)).isLessThanOrEqualTo(50));
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(1)).startsWith("This sentence").endsWith("B.");
    }

    @Test
    void consecutiveChunksOverlapByWholeSentences() {
        Chunker chunker = new Chunker(40, 15);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            text.append("Sentence number ").append(i).append(" is here. ");
        }

        List<String> chunks = chunker.split(text.toString());

        assertThat(chunks).hasSizeGreaterThan(2);
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1);
            String firstSentence = chunks.get(i).substring(0, chunks.get(i).indexOf('.') + 1);
            assertThat(previous).as("chunk %d starts with a sentence of chunk %d", i, i - 1).contains(firstSentence);
            assertThat(chunks.get(i)).isNotEqualTo(previous);
        }
        assertThat(String.join(" ", chunks)).contains("Sentence number 11 is here.");
    }

    @Test
    void aWordLongerThanAChunkIsCutInside() {
        Chunker chunker = new Chunker(10, 0);

        List<String> chunks = chunker.split("x".repeat(100));

        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(Chunker.tokens(c)).isLessThanOrEqualTo(10));
        assertThat(String.join("", chunks)).isEqualTo("x".repeat(100));
    }

    @Test
    void hangulCountsOneTokenPerCharacter() {
        assertThat(Chunker.tokens("비타민")).isEqualTo(3);
        assertThat(Chunker.tokens("vitamins")).isEqualTo(2);
        assertThat(new Chunker(20, 0).split("가".repeat(50))).hasSize(3);
    }

    @Test
    void overlapMustStayBelowHalfAChunk() {
        assertThatThrownBy(() -> new Chunker(100, 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
