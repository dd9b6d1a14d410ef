package dev.rill.keys;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.rill.platform.PublicAddressResolver;
import dev.rill.shared.Causes;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The cheap authenticated call that proves a key works before it is stored: {@code GET {baseUrl}/models} with the
 * key as bearer token, over reactor-netty, so the check never holds a thread. Redirects are not followed, so the
 * key goes to the host the user named and nowhere else.
 */
@Component
class ProviderCheck {

    private static final Logger log = LoggerFactory.getLogger(ProviderCheck.class);

    static final ProblemType KEY_REJECTED = new ProblemType("key-rejected", "Key rejected by the provider",
            HttpStatus.UNPROCESSABLE_CONTENT);
    static final ProblemType PROVIDER_UNREACHABLE = new ProblemType("provider-unreachable",
            "Provider could not be reached", HttpStatus.BAD_GATEWAY);

    static final ProblemType BASE_URL_NOT_PUBLIC = new ProblemType("base-url-not-public",
            "Base URL is not on the public internet", HttpStatus.UNPROCESSABLE_CONTENT);

    private final HttpClient http;
    private final Duration timeout;
    private final PublicAddressResolver addressGuard;

    ProviderCheck(KeyProperties properties) {
        this.timeout = properties.validationTimeout();
        this.addressGuard = new PublicAddressResolver(properties.exemptHosts());
        this.http = HttpClient.create().followRedirect(false).responseTimeout(timeout).resolver(addressGuard);
    }

    /** How every call to a user's base URL resolves its host: this check's, and then every turn's on the key. */
    PublicAddressResolver addressGuard() {
        return addressGuard;
    }

    /** Completes when the provider accepts {@code apiKey}; fails with 422 {@code key-rejected} or 502. */
    Mono<Void> verify(String baseUrl, String apiKey) {
        return http.headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey))
                .get().uri(baseUrl + "/models")
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .timeout(timeout)
                .onErrorMap(e -> Causes.has(e, PublicAddressResolver.NonPublicAddress.class), e -> new RillException(BASE_URL_NOT_PUBLIC, "The base URL's"
                        + " host resolves to a loopback, private or link-local address; Rill calls such hosts only"
                        + " when the operator lists them in rill.keys.private-hosts"))
                .onErrorMap(e -> !(e instanceof RillException), e -> {
                    // The exception names the URL only; never the request headers.
                    log.info("Provider at {} could not be reached to check a key: {}", baseUrl,
                            e instanceof TimeoutException ? "timed out" : e.getClass().getSimpleName());
                    return new RillException(PROVIDER_UNREACHABLE, "The provider at " + baseUrl
                            + " could not be reached to check the key; try again later");
                })
                .flatMap(status -> {
                    if (status >= 200 && status < 300) {
                        return Mono.empty();
                    }
                    if (status == 401 || status == 403) {
                        return Mono.error(new RillException(KEY_REJECTED,
                                "The provider refused this key (HTTP " + status + ")"));
                    }
                    return Mono.error(new RillException(PROVIDER_UNREACHABLE,
                            "The provider answered HTTP " + status + " to a request for its models"));
                });
    }
}
