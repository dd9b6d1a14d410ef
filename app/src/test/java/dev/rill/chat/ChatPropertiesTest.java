package dev.rill.chat;

import java.time.Duration;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks Spring runs when it binds {@code rill.chat.*}; a violation stops start-up. */
class ChatPropertiesTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void defaultsAreValid() {
        assertThat(VALIDATOR.validate(new ChatProperties(20, 50, 50, 100, 100, 200, 20, Duration.ofMinutes(30)))).isEmpty();
    }

    @Test
    void defaultPageSizeAboveTheMaximumIsRefused() {
        assertThat(VALIDATOR.validate(new ChatProperties(60, 50, 50, 100, 100, 200, 20, Duration.ofMinutes(30))))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("default-page-size must not exceed max-page-size");
        assertThat(VALIDATOR.validate(new ChatProperties(20, 50, 150, 100, 100, 200, 20, Duration.ofMinutes(30))))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("default-message-page-size must not exceed max-message-page-size");
    }

    @Test
    void nonPositiveSizesAreRefused() {
        assertThat(VALIDATOR.validate(new ChatProperties(0, 50, 50, 100, 100, 200, 0, Duration.ofMinutes(30)))).hasSize(2);
    }
}
