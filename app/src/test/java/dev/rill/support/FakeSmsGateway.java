package dev.rill.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A real HTTP server standing in for a Twilio-style SMS gateway: {@code POST /messages} with a form of {@code To},
 * {@code From} and {@code Body} answers 201, as Twilio does, and is recorded with its content type and
 * {@code Authorization} header, so that tests read the codes Rill texted.
 */
public final class FakeSmsGateway implements AutoCloseable {

    public static final String PATH = "/2010-04-01/Accounts/AC-test/Messages.json";

    /** One text as the gateway received it. */
    public record Text(String to, String from, String body, String contentType, String authorization) {
    }

    // Its own event loop, as a separate process would have (see FakeOpenAi).
    private final LoopResources loops = LoopResources.create("fake-sms", 1, true);
    private final DisposableServer server;
    private final ConcurrentLinkedDeque<Text> received = new ConcurrentLinkedDeque<>();

    private FakeSmsGateway() {
        this.server = HttpServer.create()
                .runOn(loops)
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.post(PATH, this::message))
                .bindNow(Duration.ofSeconds(10));
    }

    public static FakeSmsGateway start() {
        return new FakeSmsGateway();
    }

    /** The URL to configure as {@code rill.auth.sms.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    public List<Text> textsTo(String phone) {
        return received.stream().filter(t -> phone.equals(t.to())).toList();
    }

    /** Waits for the {@code n}th text (1-based) to {@code phone}; fails after {@code timeout}. */
    public Text awaitText(String phone, int n, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Text> texts = textsTo(phone);
            if (texts.size() >= n) {
                return texts.get(n - 1);
            }
            pause();
        }
        throw new AssertionError("No text number " + n + " to " + phone + " within " + timeout + "; got "
                + textsTo(phone));
    }

    /** The texts to {@code phone} after a pause of {@code quiet}, for asserting that nothing (more) was sent. */
    public List<Text> textsAfter(String phone, Duration quiet) {
        Instant deadline = Instant.now().plus(quiet);
        while (Instant.now().isBefore(deadline)) {
            pause();
        }
        return textsTo(phone);
    }

    @Override
    public void close() {
        try {
            server.disposeNow(Duration.ofSeconds(10));
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(10)).subscribe();
        }
    }

    private Publisher<Void> message(HttpServerRequest request, HttpServerResponse response) {
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    Map<String, List<String>> form = new QueryStringDecoder(body, StandardCharsets.UTF_8, false)
                            .parameters();
                    received.add(new Text(first(form, "To"), first(form, "From"), first(form, "Body"),
                            contentType, authorization));
                    return Mono.from(response.status(201)
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .sendString(Mono.just("{\"sid\":\"SM-fake\",\"status\":\"queued\"}")));
                });
    }

    private static String first(Map<String, List<String>> form, String name) {
        return Optional.ofNullable(form.get(name)).filter(v -> !v.isEmpty()).map(v -> v.get(0)).orElse(null);
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
