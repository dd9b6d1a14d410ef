package dev.rill.llm;

import java.util.Objects;

/** One piece of a streamed reply. A switch over these four is exhaustive. */
public sealed interface ReplyChunk {

    /** Text the model produced, in order; concatenating every token's text gives the reply. */
    record Token(String text) implements ReplyChunk {
        public Token {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The model asks to call a tool. Emitted once its arguments are complete, even when the upstream streamed them in
     * pieces.
     *
     * @param id            the model's id for this call, to be echoed with the tool's result
     * @param name          the tool's name, one of {@link ReplyRequest#tools()}
     * @param argumentsJson the arguments as the model wrote them: a JSON object, not validated against the schema
     */
    record ToolCall(String id, String name, String argumentsJson) implements ReplyChunk {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        }
    }

    /** Tokens the upstream counted for this reply; the offline model estimates them. */
    record Usage(int promptTokens, int completionTokens) implements ReplyChunk {
        public int totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    /**
     * The last chunk of a reply that ended normally.
     *
     * @param finishReason OpenAI's vocabulary: {@value #STOP}, {@value #LENGTH}, {@value #TOOL_CALLS},
     *                     {@value #CONTENT_FILTER}, or {@code other}
     */
    record Finished(String finishReason) implements ReplyChunk {
        public static final String STOP = "stop";
        public static final String LENGTH = "length";
        public static final String TOOL_CALLS = "tool_calls";
        public static final String CONTENT_FILTER = "content_filter";

        public Finished {
            Objects.requireNonNull(finishReason, "finishReason");
        }
    }
}
