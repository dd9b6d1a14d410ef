package dev.rill.share;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sharing and forking ({@code rill.share.*}).
 *
 * @param publicBaseUrl        what a shared room's {@code public_url} starts with; {@code /chat-…} is appended. The
 *                             default is this API's own public route, relative; set an absolute URL (or a web app's
 *                             page) when clients need one
 * @param forkRedirectBase     what a fork's {@code redirect_url} starts with; {@code /chat-…} is appended. A path in
 *                             the client app, which the server does not serve itself
 * @param publicReadsPerMinute how many public reads one client address may make per minute
 */
@Validated
@ConfigurationProperties("rill.share")
public record ShareProperties(
        @DefaultValue("/api/shared") @NotBlank String publicBaseUrl,
        @DefaultValue("/chats") @NotBlank String forkRedirectBase,
        @DefaultValue("60") @Min(1) int publicReadsPerMinute) {

    String publicUrl(String chatId) {
        return join(publicBaseUrl, chatId);
    }

    String forkRedirectUrl(String chatId) {
        return join(forkRedirectBase, chatId);
    }

    private static String join(String base, String chatId) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + chatId;
    }
}
