package dev.rill.loadtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An OpenAI-compatible streaming server: {@code POST /v1/chat/completions} with {@code stream:true} answers
 * {@code data: {chunk}} lines as OpenAI sends them, then a usage chunk and {@code data: [DONE]}.
 *
 * <p>The pace is set on the command line ({@code --first-token-ms 150 --token-ms 20 --tokens 50}). A request whose
 * body contains {@code lt:first=F,gap=G,n=N} (the load driver puts it in the user message) overrides it, so one
 * upstream can serve load levels with different paces. Timers are Reactor's: no thread per stream.
 */
public final class FakeUpstream {

    private static final Pattern PLAN = Pattern.compile("lt:first=(\\d+),gap=(\\d+),n=(\\d+)");
    private static final AtomicLong IDS = new AtomicLong();

    private FakeUpstream() {
    }

    record Plan(long firstMs, long gapMs, int tokens) {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        Plan defaults = new Plan(args.l("first-token-ms", 150), args.l("token-ms", 20), args.i("tokens", 50));
        DisposableServer server = HttpServer.create()
                .host(args.s("host", "127.0.0.1"))
                .port(args.i("port", 18081))
                .route(routes -> routes.post("/v1/chat/completions", (request, response) ->
                        request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                .flatMap(body -> response
                                        .header("content-type", "text/event-stream")
                                        .header("cache-control", "no-cache")
                                        .sendString(stream(plan(body, defaults)))
                                        .then())))
                .bindNow();
        System.out.println("FakeUpstream listening on " + server.host() + ":" + server.port() + " " + defaults);
        server.onDispose().block();
    }

    static Plan plan(String body, Plan defaults) {
        Matcher m = PLAN.matcher(body);
        return m.find()
                ? new Plan(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)))
                : defaults;
    }

    static Flux<String> stream(Plan plan) {
        String id = "chatcmpl-lt" + IDS.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        String head = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"fake-upstream\",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":";
        Flux<String> tokens = Flux.interval(Duration.ofMillis(plan.firstMs()), Duration.ofMillis(plan.gapMs()))
                .take(plan.tokens())
                .map(i -> head + (i == 0 ? "{\"role\":\"assistant\",\"content\":\"" : "{\"content\":\"")
                        + " tok" + i + "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        String finish = head + "{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n";
        String usage = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"fake-upstream\",\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":"
                + plan.tokens() + ",\"total_tokens\":" + (42 + plan.tokens()) + "}}\n\n";
        return Flux.concat(tokens, Mono.just(finish + usage + "data: [DONE]\n\n"));
    }
}
