package dev.rill.llm;

import reactor.core.publisher.Flux;

/**
 * Rill's port to a language model that streams its reply.
 *
 * <p>The flux is cold: each subscription sends one request upstream. It emits zero or more {@link ReplyChunk.Token}
 * and {@link ReplyChunk.ToolCall} chunks in the order the model produced them, then at most one
 * {@link ReplyChunk.Usage}, then exactly one {@link ReplyChunk.Finished}, and completes. A failure ends it with an
 * {@link LlmFailure}, which says whether any output had already been emitted, so a caller can keep the partial text.
 * Cancelling the subscription stops the upstream request.
 *
 * <p>Signals arrive on the model's threads: the OpenAI model's HTTP reader threads, Reactor's parallel threads for
 * the offline model, for timeouts and for retries. A subscriber must not block them; one that needs to should
 * {@code publishOn} a scheduler of its own.
 */
public interface ReplyModel {

    Flux<ReplyChunk> stream(ReplyRequest request);

    /** What answers, for logs and {@code /actuator/info}: e.g. {@code gpt-4o-mini} or {@code offline-demo}. */
    String name();

    /** True for the built-in demo model, which answers without any language model. */
    boolean offline();
}
