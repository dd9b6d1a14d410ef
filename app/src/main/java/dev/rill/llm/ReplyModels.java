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

    /** {@code /actuator/info} says which model answers; never where or with which key. */
    @Bean
    InfoContributor llmInfo(LlmService llm) {
        return builder -> builder.withDetail("llm", Map.of("model", llm.describe().model(),
                "offline", llm.describe().offline()));
    }
}
