package dev.rill.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * Answers without any language model, so Rill runs with zero configuration and load tests have an upstream that
 * costs nothing. The reply is deterministic and labelled: it starts with {@value #LABEL}, says how many words the
 * last user message had and quotes its beginning, and explains how to configure a real model.
 *
 * <p>Tokens are paced by one periodic Reactor timer per reply ({@code rill.llm.offline.token-delay}); nothing blocks
 * or sleeps. A tick the subscriber has no demand for is skipped rather than queued, so a slow subscriber slows the
 * reply down instead of losing tokens. The fixed parts of the reply are {@link ReplyChunk.Token} instances built
 * once; per token, only the words quoted from the user's message allocate a string and a token.
 *
 * <p>Token counts in its {@link ReplyChunk.Usage} are estimates: each run of letters or digits and each other
 * visible character counts as one token.
 */
final class OfflineDemoModel implements ReplyModel {

    static final String NAME = "offline-demo";
    static final String LABEL = "[Offline demo model] ";

    private static final String EXPLANATION = " This reply comes from Rill's built-in offline model, which answers"
            + " without a language model. To get real answers, set RILL_LLM_API_KEY (and RILL_LLM_BASE_URL and"
            + " RILL_LLM_MODEL for another OpenAI-compatible server) and restart Rill.";
    private static final int QUOTED_WORDS = 8;
    private static final int QUOTED_CHARS = 80;

    private static final ReplyChunk[] LABEL_TOKENS = split(LABEL.strip()).toArray(ReplyChunk[]::new);
    private static final ReplyChunk[] EXPLANATION_TOKENS = split(EXPLANATION).toArray(ReplyChunk[]::new);
    private static final int FIXED_COMPLETION_TOKENS = countTokens(LABEL) + countTokens(EXPLANATION);
    private static final ReplyChunk FINISHED = new ReplyChunk.Finished(ReplyChunk.Finished.STOP);

    private final Duration tokenDelay;

    OfflineDemoModel(Duration tokenDelay) {
        this.tokenDelay = tokenDelay;
    }

    @Override
    public Flux<ReplyChunk> stream(ReplyRequest request) {
        return Flux.defer(() -> {
            Reply reply = compose(request);
            Flux<ReplyChunk> tokens = tokenDelay.isZero()
                    ? Flux.fromArray(reply.chunks)
                    : Flux.interval(tokenDelay)
                        // A tick is a clock pulse, not a token: skipping one delays the next token, loses nothing.
                        .onBackpressureDrop()
                        .map(tick -> reply.next())
                        .take(reply.chunks.length);
            return tokens.concatWith(Flux.just(reply.usage, FINISHED));
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean offline() {
        return true;
    }

    /** The full text the offline model answers {@code request} with. */
    static String replyText(ReplyRequest request) {
        StringBuilder text = new StringBuilder();
        for (ReplyChunk chunk : compose(request).chunks) {
            text.append(((ReplyChunk.Token) chunk).text());
        }
        return text.toString();
    }

    private static Reply compose(ReplyRequest request) {
        String said = request.lastUserText().strip();
        String answer = said.isEmpty()
                ? " There is no message from you to answer yet."
                : " You wrote " + countWords(said) + (countWords(said) == 1 ? " word" : " words") + ": \""
                    + quote(said) + "\".";
        List<ReplyChunk> own = split(answer);
        ReplyChunk[] chunks = new ReplyChunk[LABEL_TOKENS.length + own.size() + EXPLANATION_TOKENS.length];
        System.arraycopy(LABEL_TOKENS, 0, chunks, 0, LABEL_TOKENS.length);
        for (int i = 0; i < own.size(); i++) {
            chunks[LABEL_TOKENS.length + i] = own.get(i);
        }
        System.arraycopy(EXPLANATION_TOKENS, 0, chunks, LABEL_TOKENS.length + own.size(), EXPLANATION_TOKENS.length);
        int prompt = countTokens(request.systemPrompt());
        for (Turn turn : request.history()) {
            prompt += countTokens(turn.text());
        }
        return new Reply(chunks, new ReplyChunk.Usage(prompt, FIXED_COMPLETION_TOKENS + countTokens(answer)));
    }

    /** The first few words, and no more than a line's worth of characters, with an ellipsis if anything was cut. */
    private static String quote(String said) {
        String[] words = said.split("\\s+");
        String quoted = String.join(" ", List.of(words).subList(0, Math.min(QUOTED_WORDS, words.length)));
        boolean cut = words.length > QUOTED_WORDS;
        if (quoted.length() > QUOTED_CHARS) {
            quoted = quoted.substring(0, QUOTED_CHARS).strip();
            cut = true;
        }
        return cut ? quoted + "…" : quoted;
    }

    /** Splits text into word tokens, each carrying the whitespace before it, so the tokens concatenate back. */
    private static List<ReplyChunk> split(String text) {
        List<ReplyChunk> tokens = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            tokens.add(new ReplyChunk.Token(text.substring(start, i)));
            start = i;
        }
        return tokens;
    }

    static int countWords(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** Runs of letters or digits count as one token each, every other visible character as one. */
    static int countTokens(String text) {
        if (text == null) {
            return 0;
        }
        int tokens = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (!inWord) {
                    tokens++;
                }
                inWord = true;
            } else {
                inWord = false;
                if (!Character.isWhitespace(c)) {
                    tokens++;
                }
            }
        }
        return tokens;
    }

    /** One reply being streamed: its chunks and how many have gone out. Used by one subscription, serially. */
    private static final class Reply {
        final ReplyChunk[] chunks;
        final ReplyChunk usage;
        int sent;

        Reply(ReplyChunk[] chunks, ReplyChunk usage) {
            this.chunks = chunks;
            this.usage = usage;
        }

        ReplyChunk next() {
            return chunks[sent++];
        }
    }
}
