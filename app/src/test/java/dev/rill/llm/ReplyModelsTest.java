package dev.rill.llm;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which model answers, chosen from configuration alone. */
class ReplyModelsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LlmProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class, ReplyModels.class, LlmService.class);

    @Test
    void noKeyMeansTheOfflineDemoModel() {
        context.run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(ReplyModel.class)).isInstanceOf(OfflineDemoModel.class);
            assertThat(app.getBean(LlmService.class).describe())
                    .isEqualTo(new LlmService.Description("offline-demo", true));
        });
    }

    @Test
    void emptyKeyCountsAsNoKey() {
        context.withPropertyValues("rill.llm.api-key=  ").run(app ->
                assertThat(app.getBean(ReplyModel.class)).isInstanceOf(OfflineDemoModel.class));
    }

    @Test
    void keyMeansTheOpenAiModel() {
        context.withPropertyValues("rill.llm.api-key=sk-test", "rill.llm.model=gpt-test").run(app -> {
            assertThat(app.getBean(ReplyModel.class)).isInstanceOf(OpenAiReplyModel.class);
            assertThat(app.getBean(LlmService.class).describe())
                    .isEqualTo(new LlmService.Description("gpt-test", false));
        });
    }

    @Test
    void environmentVariablesConfigureTheModel() {
        // application.yaml maps RILL_LLM_* onto rill.llm.*; system properties resolve those placeholders as the
        // environment would.
        context.withInitializer(new ConfigDataApplicationContextInitializer())
                .withSystemProperties("RILL_LLM_API_KEY=sk-from-env", "RILL_LLM_BASE_URL=http://llm.internal:8000/v1",
                        "RILL_LLM_MODEL=llama-3.1-8b")
                .run(app -> {
                    LlmProperties properties = app.getBean(LlmProperties.class);
                    assertThat(properties.credentials())
                            .isEqualTo(new Credentials("http://llm.internal:8000/v1", "sk-from-env"));
                    assertThat(properties.model()).isEqualTo("llama-3.1-8b");
                    assertThat(app.getBean(ReplyModel.class)).isInstanceOf(OpenAiReplyModel.class);
                });
    }

    @Test
    void unsetEnvironmentMeansOpenAiDefaultsAndTheOfflineModel() {
        context.withInitializer(new ConfigDataApplicationContextInitializer()).run(app -> {
            LlmProperties properties = app.getBean(LlmProperties.class);
            assertThat(properties.baseUrl()).isEqualTo("https://api.openai.com/v1");
            assertThat(properties.model()).isEqualTo("gpt-4o-mini");
            assertThat(properties.hasApiKey()).isFalse();
            assertThat(properties.maxRetries()).isEqualTo(2);
            assertThat(app.getBean(ReplyModel.class)).isInstanceOf(OfflineDemoModel.class);
        });
    }

    @Test
    void emptyVariablesCountAsUnset() {
        // compose.yaml passes RILL_LLM_*: ${RILL_LLM_*:-}, so an operator who sets none gets three empty strings.
        context.withInitializer(new ConfigDataApplicationContextInitializer())
                .withSystemProperties("RILL_LLM_API_KEY=", "RILL_LLM_BASE_URL=", "RILL_LLM_MODEL=")
                .run(app -> {
                    assertThat(app).hasNotFailed();
                    LlmProperties properties = app.getBean(LlmProperties.class);
                    assertThat(properties.baseUrl()).isEqualTo("https://api.openai.com/v1");
                    assertThat(properties.model()).isEqualTo("gpt-4o-mini");
                    assertThat(app.getBean(ReplyModel.class)).isInstanceOf(OfflineDemoModel.class);
                });
    }

    @Test
    void invalidSettingsStopStartUp() {
        context.withPropertyValues("rill.llm.max-retries=9").run(app -> assertThat(app).hasFailed());
        context.withPropertyValues("rill.llm.base-url=ftp://example.com").run(app -> assertThat(app).hasFailed());
    }

    @Test
    void keyNeverAppearsInTheSettingsText() {
        context.withPropertyValues("rill.llm.api-key=sk-secret-value").run(app ->
                assertThat(app.getBean(LlmProperties.class).toString()).doesNotContain("sk-secret-value"));
        assertThat(new Credentials("https://x", "sk-secret-value").toString()).doesNotContain("sk-secret-value");
    }
}
