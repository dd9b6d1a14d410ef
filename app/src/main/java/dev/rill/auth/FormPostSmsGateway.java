package dev.rill.auth;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

/**
 * Twilio's Messages API and the many gateways that copy it: an {@code application/x-www-form-urlencoded} POST of
 * {@code To}, {@code From} and {@code Body}, authenticated with HTTP basic auth. Any 2xx answer counts as sent.
 */
final class FormPostSmsGateway implements SmsGateway {

    private final WebClient client;
    private final AuthProperties.Sms settings;

    /** @param resources the application's Reactor Netty loops and pool, or {@code null} for Reactor's global ones */
    FormPostSmsGateway(AuthProperties.Sms settings, ReactorResourceFactory resources) {
        this.settings = settings;
        ReactorClientHttpConnector connector = resources != null
                ? new ReactorClientHttpConnector(resources, http -> http.responseTimeout(settings.timeout()))
                : new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create()
                        .responseTimeout(settings.timeout()));
        this.client = WebClient.builder().clientConnector(connector).build();
    }

    @Override
    public Mono<Void> send(String to, String body) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("To", to);
        form.add("From", settings.from());
        form.add("Body", body);
        return client.post().uri(settings.url())
                .headers(headers -> {
                    if (settings.username() != null) {
                        headers.setBasicAuth(settings.username(),
                                settings.authToken() == null ? "" : settings.authToken(), StandardCharsets.UTF_8);
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromFormData(form))
                .retrieve()
                .toBodilessEntity()
                .timeout(settings.timeout().multipliedBy(2))
                .then();
    }

    @Override
    public String toString() {
        // The auth token stays out of any log line that prints the gateway.
        return "FormPostSmsGateway[" + settings.url() + "]";
    }
}
