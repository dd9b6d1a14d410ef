package dev.rill.shared.web;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-facing limits and browser access.
 *
 * @param maxJsonBody        largest JSON request body accepted; larger ones get 413
 * @param corsAllowedOrigins origins that browsers may call Rill from ({@code RILL_WEB_CORS_ALLOWED_ORIGINS},
 *                           comma-separated); empty means same-origin only
 */
@Validated
@ConfigurationProperties("rill.web")
public record WebProperties(
        @DefaultValue("64KB") @NotNull DataSize maxJsonBody,
        @DefaultValue("") List<String> corsAllowedOrigins) {
}
