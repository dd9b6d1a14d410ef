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
    private final ReplyModel userKeyModel;

    LlmService(ReplyModel model, ReplyModels.UserKeyModel userKeyModel) {
        this.model = model;
        this.userKeyModel = userKeyModel.model();
    }

    /** Streams the reply: on the request's own credentials when it carries a user's key, else on Rill's model. */
    public Flux<ReplyChunk> stream(ReplyRequest request) {
        return request.credentialsOverride() != null ? userKeyModel.stream(request) : model.stream(request);
    }

    /** The model a turn on {@code credentials} (Rill's own when {@code null}) asks for; usage is counted under it. */
    public String modelFor(Credentials credentials) {
        if (credentials == null) {
            return model.name();
        }
        return credentials.model() != null ? credentials.model() : userKeyModel.name();
    }

    public Description describe() {
        return new Description(model.name(), model.offline());
    }
}
