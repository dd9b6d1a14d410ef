package dev.rill.recipe;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recipes ({@code rill.recipe.*}).
 *
 * @param defaultPageSize recipes per page of {@code GET /api/recipes} when the client gives no {@code limit}
 * @param maxPageSize     largest {@code limit} accepted there
 * @param maxQueryLength  longest search text {@code q}, in characters
 * @param images          pictures of recipes ({@code rill.recipe.images.*})
 */
@Validated
@ConfigurationProperties("rill.recipe")
public record RecipeProperties(
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("50") @Min(1) @Max(500) int maxPageSize,
        @DefaultValue("200") @Min(1) @Max(1000) int maxQueryLength,
        @DefaultValue @Valid Images images) {

    @AssertTrue(message = "default-page-size must not exceed max-page-size")
    boolean isDefaultPageSizeWithinMax() {
        return defaultPageSize <= maxPageSize;
    }

    /**
     * Pictures of recipes, drawn by an OpenAI-compatible images endpoint ({@code POST {base-url}/images/generations})
     * after the turn that saved the recipe. Without a model, recipes get a generated SVG card instead.
     *
     * @param model       the image model's name ({@code RILL_RECIPE_IMAGES_MODEL}); empty (the default) means no
     *                    pictures are generated
     * @param baseUrl     the API root; empty means {@code rill.llm.base-url}
     * @param apiKey      its key ({@code RILL_RECIPE_IMAGES_API_KEY}, from the environment only); empty means
     *                    {@code rill.llm.api-key}
     * @param size        the {@code size} asked for, such as {@code 1024x1024}
     * @param timeout     longest one generation may take (the HTTP read timeout); langchain4j does not retry
     * @param maxInFlight pictures generated at once; a recipe saved while this many are being drawn gets none
     * @param maxBytes    largest picture stored; a larger answer is refused
     */
    public record Images(
            @DefaultValue("") String model,
            @DefaultValue("") @Pattern(regexp = "(https?://.+)?") String baseUrl,
            String apiKey,
            @DefaultValue("1024x1024") @Pattern(regexp = "\\d{2,5}x\\d{2,5}|auto") String size,
            @DefaultValue("90s") @NotNull Duration timeout,
            @DefaultValue("2") @Min(1) @Max(64) int maxInFlight,
            @DefaultValue("8388608") @Min(1024) @Max(67108864) int maxBytes) {

        public Images {
            model = model == null ? "" : model.strip();
            baseUrl = baseUrl == null ? "" : baseUrl.strip();
        }

        /** Whether an image model is configured. */
        public boolean enabled() {
            return !model.isEmpty();
        }

        @Override
        public String toString() {
            return "Images[model=" + model + ", baseUrl=" + baseUrl + ", apiKey="
                    + (apiKey == null || apiKey.isBlank() ? "unset" : "***") + ", size=" + size + ", timeout="
                    + timeout + ", maxInFlight=" + maxInFlight + ", maxBytes=" + maxBytes + "]";
        }
    }
}
