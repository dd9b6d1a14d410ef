package dev.rill.rag;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks Spring runs when it binds {@code rill.rag.*}; a violation stops start-up. */
class RagPropertiesTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void defaultsAreValid() {
        assertThat(VALIDATOR.validate(properties(DataSize.ofMegabytes(10), 500, 50, 5))).isEmpty();
    }

    @Test
    void overlapOfHalfAChunkOrMoreIsRefused() {
        assertThat(VALIDATOR.validate(properties(DataSize.ofMegabytes(10), 500, 250, 5)))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("chunk-overlap-tokens must be less than half of chunk-tokens");
    }

    @Test
    void documentSizeMustBePositiveAndAtMost100Megabytes() {
        assertThat(VALIDATOR.validate(properties(DataSize.ofBytes(0), 500, 50, 5))).hasSize(1);
        assertThat(VALIDATOR.validate(properties(DataSize.ofMegabytes(101), 500, 50, 5))).hasSize(1);
    }

    @Test
    void searchLimitAboveTheMaximumIsRefused() {
        assertThat(VALIDATOR.validate(properties(DataSize.ofMegabytes(10), 500, 50, 30)))
                .extracting(ConstraintViolation::getMessage)
                .contains("search-limit must not exceed max-search-limit");
    }

    private static RagProperties properties(DataSize maxSize, int chunkTokens, int overlap, int searchLimit) {
        return new RagProperties(maxSize, 200, chunkTokens, overlap, 2000, searchLimit, 20, 0.3, 100, 0, 20, 50,
                20_000, 2000, 1000);
    }
}
