package dev.rill.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a document's text into chunks of about {@code maxTokens} estimated tokens, the unit that is embedded and
 * retrieved. Recursive, like langchain4j's recursive splitter: a piece that is too long is split at paragraphs,
 * then lines, then sentence ends, then spaces, and only as a last resort inside a word; the pieces are then packed
 * greedily into chunks. Each chunk after the first starts with the last whole pieces of the one before, up to
 * {@code overlapTokens}, so that a sentence cut at a boundary is found whole in one of them.
 *
 * <p>Tokens are estimated, not counted with the model's tokenizer, so the same text splits the same way whichever
 * embedding model is configured: one token per Hangul, kana or CJK character, and one per four other characters
 * (about right for English with OpenAI's and BERT's tokenizers).
 */
final class Chunker {

    private static final List<Pattern> SEPARATORS = List.of(
            Pattern.compile("\\n[ \\t]*\\n\\s*"),
            Pattern.compile("\\n"),
            Pattern.compile("(?<=[.!?。！？])\\s+"),
            Pattern.compile("\\s+"));

    private final int maxTokens;
    private final int overlapTokens;

    Chunker(int maxTokens, int overlapTokens) {
        if (maxTokens < 1 || overlapTokens < 0 || overlapTokens * 2 >= maxTokens) {
            throw new IllegalArgumentException("need 0 <= overlap < max / 2, got max " + maxTokens + ", overlap "
                    + overlapTokens);
        }
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    /** The chunks of {@code text}, in order, stripped, none blank; empty for a blank text. */
    List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        cut(text, 0, pieces);
        return pack(pieces);
    }

    /** Adds {@code text} to {@code out} whole if it fits, else cut at separator {@code level} and finer. */
    private void cut(String text, int level, List<String> out) {
        if (tokens(text) <= maxTokens) {
            out.add(text);
            return;
        }
        if (level == SEPARATORS.size()) {
            cutInsideWords(text, out);
            return;
        }
        Matcher separator = SEPARATORS.get(level).matcher(text);
        int start = 0;
        while (separator.find()) {
            // Each piece keeps the separator after it, so that packing pieces back together restores the text.
            if (separator.end() > start) {
                cut(text.substring(start, separator.end()), level + 1, out);
            }
            start = separator.end();
        }
        if (start < text.length()) {
            cut(text.substring(start), level + 1, out);
        }
    }

    private void cutInsideWords(String text, List<String> out) {
        int start = 0;
        int weight = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            weight += isDense(codePoint) ? 4 : 1;
            if (weight > maxTokens * 4) {
                out.add(text.substring(start, i));
                start = i;
                weight = isDense(codePoint) ? 4 : 1;
            }
            i = next;
        }
        out.add(text.substring(start));
    }

    private List<String> pack(List<String> pieces) {
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int currentTokens = 0;
        // Whether the chunk being built has text of its own, beyond what it repeats from the previous one.
        boolean fresh = false;
        for (String piece : pieces) {
            int pieceTokens = tokens(piece);
            if (fresh && currentTokens + pieceTokens > maxTokens) {
                chunks.add(String.join("", current).strip());
                List<String> carried = new ArrayList<>();
                int carriedTokens = 0;
                for (int i = current.size() - 1; i >= 0; i--) {
                    int tokens = tokens(current.get(i));
                    if (carriedTokens + tokens > overlapTokens || carriedTokens + tokens + pieceTokens > maxTokens) {
                        break;
                    }
                    carried.add(0, current.get(i));
                    carriedTokens += tokens;
                }
                current = carried;
                currentTokens = carriedTokens;
                fresh = false;
            }
            current.add(piece);
            currentTokens += pieceTokens;
            fresh |= !piece.isBlank();
        }
        if (fresh) {
            chunks.add(String.join("", current).strip());
        }
        return chunks;
    }

    /** Estimated tokens: one per Hangul, kana or CJK character, one per four other characters, rounded up. */
    static int tokens(CharSequence text) {
        int dense = 0;
        int other = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = Character.codePointAt(text, i);
            if (isDense(codePoint)) {
                dense++;
            } else {
                other++;
            }
            i += Character.charCount(codePoint);
        }
        return dense + (other + 3) / 4;
    }

    private static boolean isDense(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HANGUL || script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
    }
}
