package dev.rill.recipe;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recipes ({@code rill.recipe.*}).
 *
 * @param defaultPageSize recipes per page of {@code GET /api/recipes} when the client gives no {@code limit}
 * @param maxPageSize     largest {@code limit} accepted there
 * @param maxQueryLength  longest search text {@code q}, in characters
 */
@Validated
@ConfigurationProperties("rill.recipe")
public record RecipeProperties(
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("50") @Min(1) @Max(500) int maxPageSize,
        @DefaultValue("200") @Min(1) @Max(1000) int maxQueryLength) {

    @AssertTrue(message = "default-page-size must not exceed max-page-size")
    boolean isDefaultPageSizeWithinMax() {
        return defaultPageSize <= maxPageSize;
    }
}
