package dev.rill.llm;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the model behind {@link ReplyModel}: a real one when an API key is configured, the offline demo if not. */
@Configuration(proxyBeanMethods = false)
class ReplyModels {

    private static final Logger log = LoggerFactory.getLogger(ReplyModels.class);

    @Bean
    ReplyModel replyModel(LlmProperties properties) {
        if (properties.hasApiKey()) {
            OpenAiReplyModel model = new OpenAiReplyModel(properties);
            log.info("Rill answers with {} at {}", model.name(), model.baseUrl());
            return model;
        }
        log.warn("RILL_LLM_API_KEY is not set: Rill answers with the offline demo model, which only echoes."
                + " Set RILL_LLM_API_KEY (and RILL_LLM_BASE_URL, RILL_LLM_MODEL) for real replies.");
        return new OfflineDemoModel(properties.offline().tokenDelay());
    }

    /**
     * The model for turns on a user's own key. With a configured key it is {@link #replyModel}'s OpenAI model; with
     * none, Rill still answers those turns with the user's provider, not with the offline demo.
     */
    @Bean
    UserKeyModel userKeyModel(ReplyModel replyModel, LlmProperties properties) {
        return replyModel instanceof OpenAiReplyModel own ? new UserKeyModel(own, false)
                : new UserKeyModel(new OpenAiReplyModel(properties), true);
    }

    /**
     * The model that answers turns on users' own keys; a holder, so that it is not a second {@link ReplyModel} bean.
     *
     * @param owned whether this holder made the model, and so closes it
     */
    record UserKeyModel(OpenAiReplyModel model, boolean owned) implements AutoCloseable {

        @Override
        public void close() {
            if (owned) {
                model.close();
            }
        }
    }

    /** {@code /actuator/info} says which model answers; never where or with which key. */
    @Bean
    InfoContributor llmInfo(LlmService llm) {
        return builder -> builder.withDetail("llm", Map.of("model", llm.describe().model(),
                "offline", llm.describe().offline()));
    }
}
