package dev.rill.llm;

import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;

/**
 * Streams replies from whichever model Rill is configured with: an OpenAI-compatible server when
 * {@code RILL_LLM_API_KEY} is set, the offline demo model otherwise. Chats, runs and the router call this and see
 * only Rill's own types.
 *
 * <p>The contract is {@link ReplyModel}'s: a cold flux of tokens and tool calls, then usage, then
 * {@link ReplyChunk.Finished}; or an {@link LlmFailure} whose {@link LlmFailure#tokensEmitted()} says whether partial
 * output was already delivered. Failures before any output have already been retried. Cancelling stops the upstream
 * request.
 */
@Service
public class LlmService {

    /** What answers, for health and info endpoints. */
    public record Description(String model, boolean offline) {
    }

    private final ReplyModel model;

    LlmService(ReplyModel model) {
        this.model = model;
    }

    public Flux<ReplyChunk> stream(ReplyRequest request) {
        return model.stream(request);
    }

    public Description describe() {
        return new Description(model.name(), model.offline());
    }
}
