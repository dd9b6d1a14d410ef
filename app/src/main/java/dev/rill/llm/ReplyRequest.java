package dev.rill.llm;

import java.util.List;
import java.util.Objects;

/**
 * What to ask the model.
 *
 * @param systemPrompt        instructions sent first as the system message; {@code null} or blank sends none
 * @param history             the conversation so far, oldest first, normally ending with the user's new message
 * @param tools               functions the model may call; empty for a plain reply
 * @param modelOverride       a model name other than {@code rill.llm.model}; {@code null} for the configured one
 * @param credentialsOverride another server and key than Rill's own; {@code null} for Rill's
 * @param responseSchema      a JSON schema the reply must follow; {@code null} for free text
 */
public record ReplyRequest(String systemPrompt, List<Turn> history, List<ToolSpec> tools, String modelOverride,
                           Credentials credentialsOverride, ResponseSchema responseSchema) {

    public ReplyRequest {
        history = List.copyOf(Objects.requireNonNull(history, "history"));
        tools = tools == null ? List.of() : List.copyOf(tools);
        modelOverride = modelOverride == null || modelOverride.isBlank() ? null : modelOverride;
    }

    public ReplyRequest(String systemPrompt, List<Turn> history, List<ToolSpec> tools, String modelOverride,
                        Credentials credentialsOverride) {
        this(systemPrompt, history, tools, modelOverride, credentialsOverride, null);
    }

    public static ReplyRequest of(String systemPrompt, List<Turn> history) {
        return new ReplyRequest(systemPrompt, history, List.of(), null, null, null);
    }

    public ReplyRequest withResponseSchema(ResponseSchema schema) {
        return new ReplyRequest(systemPrompt, history, tools, modelOverride, credentialsOverride, schema);
    }

    public ReplyRequest withTools(List<ToolSpec> tools) {
        return new ReplyRequest(systemPrompt, history, tools, modelOverride, credentialsOverride, responseSchema);
    }

    public ReplyRequest withModel(String model) {
        return new ReplyRequest(systemPrompt, history, tools, model, credentialsOverride, responseSchema);
    }

    public ReplyRequest withCredentials(Credentials credentials) {
        return new ReplyRequest(systemPrompt, history, tools, modelOverride, credentials, responseSchema);
    }

    /** The text of the last user turn, or an empty string when there is none. */
    public String lastUserText() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).role() == Turn.Role.USER) {
                return history.get(i).text();
            }
        }
        return "";
    }
}
