package dev.rill.embedding;

import java.time.Duration;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks Spring runs when it binds {@code rill.embedding.*}; a violation stops start-up. */
class EmbeddingPropertiesTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void emptyValuesMeanTheInProcessModel() {
        EmbeddingProperties properties = new EmbeddingProperties(" ", "", "", 384, 0, 16, Duration.ofSeconds(30));

        assertThat(VALIDATOR.validate(properties)).isEmpty();
        assertThat(properties.remote()).isFalse();
        assertThat(properties.model()).isEqualTo(EmbeddingProperties.DEFAULT_REMOTE_MODEL);
        assertThat(properties.effectiveThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void inProcessModelHasExactly384Dimensions() {
        assertThat(VALIDATOR.validate(new EmbeddingProperties(null, null, null, 768, 0, 16, Duration.ofSeconds(30))))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("dimensions must be 384 for the in-process model; set base-url to use another model");
        assertThat(VALIDATOR.validate(new EmbeddingProperties("http://localhost:11434/v1", null, "nomic", 768, 0, 16,
                Duration.ofSeconds(30)))).isEmpty();
    }

    @Test
    void baseUrlMustBeHttpAndTheKeyNeverPrinted() {
        EmbeddingProperties properties = new EmbeddingProperties("ftp://x", "sk-secret", "m", 384, 0, 16,
                Duration.ofSeconds(30));

        assertThat(VALIDATOR.validate(properties)).extracting(ConstraintViolation::getMessage)
                .containsExactly("base-url must start with http:// or https://");
        assertThat(properties.toString()).doesNotContain("sk-secret").contains("apiKey=***");
    }
}
