package dev.rill.profile;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Profiles ({@code rill.profile.*}).
 *
 * @param defaultPageSize profiles per page of {@code GET /api/profiles} when the client gives no {@code limit}
 * @param maxPageSize     largest {@code limit} accepted there
 */
@Validated
@ConfigurationProperties("rill.profile")
public record ProfileProperties(
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("50") @Min(1) @Max(500) int maxPageSize) {

    @AssertTrue(message = "default-page-size must not exceed max-page-size")
    boolean isDefaultPageSizeWithinMax() {
        return defaultPageSize <= maxPageSize;
    }
}
