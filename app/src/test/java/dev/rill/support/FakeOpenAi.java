package dev.rill.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server that speaks OpenAI's chat-completions protocol, for tests of the LLM layer and as a cheap
 * upstream for load tests.
 *
 * <p>{@code POST /v1/chat/completions} with {@code stream: true} answers with the next {@link Script} from a queue
 * (or {@link #whenIdle(Script)} once the queue is empty), framed exactly as OpenAI streams it: a role chunk, one chunk
 * per token or tool-call fragment, a chunk with {@code finish_reason}, a usage chunk with {@code "choices":[]} when
 * {@code stream_options.include_usage} is true, and {@code data: [DONE]}. A script can instead answer with an HTTP
 * error and OpenAI's error body, pause before the first token and between tokens, or drop the connection after some
 * tokens. {@code GET /v1/models} lists one model. {@code POST /v1/images/generations} answers with the current
 * {@link ImageAnswer}: by default a 1×1 PNG as {@code b64_json}.
 *
 * <p>Every request is recorded (the most recent {@value #MAX_RECORDED}), with what the stream did with it: how many
 * output chunks went out and whether the client closed the connection before the end. Nothing is logged per request.
 */
public final class FakeOpenAi implements AutoCloseable {

    public static final String MODEL = "gpt-4o-mini";
    static final int MAX_RECORDED = 10_000;

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final LoopResources loops = LoopResources.create("fake-openai", 1, true);
    private final DisposableServer server;
    private final Deque<Script> scripts = new ConcurrentLinkedDeque<>();
    private final Deque<Recorded> recorded = new ConcurrentLinkedDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<EventLoop, Scheduler> loopSchedulers = new ConcurrentHashMap<>();
    private static final Script DEFAULT_IDLE = Script.reply("Hello", " from", " FakeOpenAi", ".");
    private volatile Script idle = DEFAULT_IDLE;
    private volatile String requiredKey;
    private volatile ImageAnswer imageAnswer = ImageAnswer.png();

    private FakeOpenAi() {
        warmUpJson();
        // Its own event loop, as a separate process would have: on Reactor Netty's global loops, which Rill's test
        // contexts also use, closing any context disposed them under this server and its shutdown timed out.
        this.server = HttpServer.create()
                .runOn(loops)
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .post("/v1/chat/completions", this::chatCompletions)
                        .get("/v1/models", this::models)
                        .post("/v1/images/generations", this::images))
                .bindNow(Duration.ofSeconds(10));
    }

    /**
     * Jackson builds and caches a (de)serializer the first time it meets a type, under a lock; doing that here keeps
     * the first requests from contending for it on the event loop, which BlockHound rightly reports.
     */
    private static void warmUpJson() {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("text", "x");
        sample.put("int", 1);
        sample.put("long", 1L);
        sample.put("double", 0.5);
        sample.put("flag", true);
        sample.put("none", null);
        sample.put("list", List.of(Map.of("k", "v")));
        sample.put("array", new ArrayList<>(List.of(1)));
        sample.put("empty", Map.of());
        JSON.readValue(JSON.writeValueAsString(sample), MAP);
    }

    public static FakeOpenAi start() {
        return new FakeOpenAi();
    }

    /** The API root to configure as {@code rill.llm.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Answers the next requests with these, in order. */
    public FakeOpenAi enqueue(Script... next) {
        Collections.addAll(scripts, next);
        return this;
    }

    /** The answer once the queue is empty; by default four tokens with no pauses. */
    public FakeOpenAi whenIdle(Script script) {
        this.idle = script;
        return this;
    }

    /** {@code GET /v1/models} answers 401 unless the bearer token is this key. */
    public FakeOpenAi requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** How {@code POST /v1/images/generations} answers from now on. */
    public FakeOpenAi images(ImageAnswer answer) {
        this.imageAnswer = answer;
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    public Recorded lastRequest() {
        Recorded last = recorded.peekLast();
        if (last == null) {
            throw new AssertionError("FakeOpenAi received no request");
        }
        return last;
    }

    /** Forgets the queue and the recorded requests. */
    public void reset() {
        scripts.clear();
        recorded.clear();
        idle = DEFAULT_IDLE;
        imageAnswer = ImageAnswer.png();
    }

    @Override
    public void close() {
        try {
            server.disposeNow(Duration.ofSeconds(10));
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(10)).subscribe();
        }
    }

    private Publisher<Void> chatCompletions(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    Recorded call = record(request, body);
                    Script script = scripts.poll();
                    Script answer = script != null ? script : idle;
                    Scheduler loop = eventLoop(response);
                    Mono<Void> respond = Mono.defer(() -> Mono.from(respond(call, answer, response, loop)));
                    return answer.responseDelay.isZero() ? respond
                            : Mono.delay(answer.responseDelay, loop).then(respond)
                                .doOnCancel(() -> call.finished.complete(Outcome.CLIENT_CLOSED));
                });
    }

    /**
     * The connection's own event loop, where every write of a response happens. Netty's buffer allocator takes a lock
     * when a thread it does not own allocates under contention, which BlockHound reports on Reactor's timer threads.
     */
    private Scheduler eventLoop(HttpServerResponse response) {
        EventLoop[] loop = new EventLoop[1];
        response.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        // Never disposed: disposing would shut the event loop down.
        return loopSchedulers.computeIfAbsent(loop[0], Schedulers::fromExecutorService);
    }

    private Publisher<Void> respond(Recorded call, Script script, HttpServerResponse response, Scheduler loop) {
        if (script.status != 200) {
            call.finished.complete(Outcome.ANSWERED);
            return response.status(script.status)
                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .sendString(Mono.just(errorBody(script)));
        }
        Flux<String> events = Flux.fromIterable(steps(call, script))
                .concatMap(step -> {
                    Mono<Step> due = step.delay.isZero() ? Mono.just(step)
                            : Mono.delay(step.delay, loop).thenReturn(step);
                    return due.flatMap(s -> s.disconnect ? disconnect(call, response) : Mono.just(s))
                            .doOnNext(s -> {
                                if (s.output) {
                                    call.outputSent.incrementAndGet();
                                }
                            });
                }, 1)
                .map(step -> step.data)
                .doOnCancel(() -> call.finished.complete(call.serverClosed ? Outcome.SERVER_CLOSED
                        : Outcome.CLIENT_CLOSED))
                .doOnComplete(() -> call.finished.complete(Outcome.ANSWERED));
        return response.status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .sendString(events);
    }

    /** Closes the connection without ending the chunked body, as a crashed proxy or upstream would. */
    private static Mono<Step> disconnect(Recorded call, HttpServerResponse response) {
        call.serverClosed = true;
        response.withConnection(connection -> {
            connection.channel().flush();
            connection.channel().close();
        });
        return Mono.never();
    }

    private List<Step> steps(Recorded call, Script script) {
        String id = "chatcmpl-fake" + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        String model = call.model() != null ? call.model() : MODEL;
        boolean usage = Boolean.TRUE.equals(call.streamOptions().get("include_usage"));
        Chunks chunks = new Chunks(id, created, model, usage);
        List<Step> steps = new ArrayList<>();

        Map<String, Object> role = new LinkedHashMap<>();
        role.put("role", "assistant");
        role.put("content", script.tokens.isEmpty() && !script.toolCalls.isEmpty() ? null : "");
        steps.add(new Step(Duration.ZERO, chunks.delta(role, null), false, false));

        int output = 0;
        for (String token : script.tokens) {
            if (output == script.disconnectAfter) {
                steps.add(Step.DISCONNECT);
                return steps;
            }
            if (output == script.malformedAfter) {
                steps.add(new Step(script.tokenDelay, Step.MALFORMED, false, false));
            }
            steps.add(new Step(output == 0 ? script.firstTokenDelay : script.tokenDelay,
                    chunks.delta(Map.of("content", token), null), true, false));
            output++;
        }
        for (int index = 0; index < script.toolCalls.size(); index++) {
            ToolCallScript tool = script.toolCalls.get(index);
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name);
            function.put("arguments", "");
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("index", index);
            header.put("id", tool.id);
            header.put("type", "function");
            header.put("function", function);
            steps.add(new Step(output == 0 ? script.firstTokenDelay : script.tokenDelay,
                    chunks.delta(Map.of("tool_calls", List.of(header)), null), true, false));
            output++;
            for (String piece : tool.argumentPieces) {
                if (output == script.disconnectAfter) {
                    steps.add(Step.DISCONNECT);
                    return steps;
                }
                Map<String, Object> fragment = Map.of("index", index, "function", Map.of("arguments", piece));
                steps.add(new Step(script.tokenDelay, chunks.delta(Map.of("tool_calls", List.of(fragment)), null),
                        true, false));
                output++;
            }
        }
        if (output == script.disconnectAfter) {
            steps.add(Step.DISCONNECT);
            return steps;
        }
        String finish = script.finishReason != null ? script.finishReason
                : script.toolCalls.isEmpty() ? "stop" : "tool_calls";
        steps.add(new Step(Duration.ZERO, chunks.delta(Map.of(), finish), false, false));
        if (usage) {
            int prompt = script.promptTokens != null ? script.promptTokens : call.promptWords();
            int completion = script.completionTokens != null ? script.completionTokens : output;
            steps.add(new Step(Duration.ZERO, chunks.usage(prompt, completion), false, false));
        }
        steps.add(new Step(Duration.ZERO, "data: [DONE]\n\n", false, false));
        return steps;
    }

    private Publisher<Void> models(HttpServerRequest request, HttpServerResponse response) {
        Recorded call = record(request, "");
        call.finished.complete(Outcome.ANSWERED);
        String key = requiredKey;
        if (key != null && !("Bearer " + key).equals(call.authorization())) {
            return response.status(401).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .sendString(Mono.just(errorBody(Script.error(401))));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", MODEL);
        model.put("object", "model");
        model.put("created", 1721172741);
        model.put("owned_by", "system");
        return response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(JSON.writeValueAsString(Map.of("object", "list", "data", List.of(model)))));
    }

    private Publisher<Void> images(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    Recorded call = record(request, body);
                    ImageAnswer answer = imageAnswer;
                    Scheduler loop = eventLoop(response);
                    Mono<Void> respond = Mono.defer(() -> {
                        call.finished.complete(Outcome.ANSWERED);
                        if (answer.status != 200) {
                            return Mono.from(response.status(answer.status)
                                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                    .sendString(Mono.just(errorBody(Script.error(answer.status)))));
                        }
                        Map<String, Object> image = new LinkedHashMap<>();
                        if (answer.b64Json != null) {
                            image.put("b64_json", answer.b64Json);
                        }
                        if (answer.url != null) {
                            image.put("url", answer.url);
                        }
                        Map<String, Object> json = new LinkedHashMap<>();
                        json.put("created", 1721172741);
                        json.put("data", List.of(image));
                        return Mono.from(response.status(200).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .sendString(Mono.just(JSON.writeValueAsString(json))));
                    });
                    return answer.delay.isZero() ? respond : Mono.delay(answer.delay, loop).then(respond);
                });
    }

    /**
     * An answer of {@code POST /v1/images/generations}: an HTTP status (with OpenAI's error body unless 200), a pause
     * before it, and the picture as {@code b64_json} and/or a {@code url}.
     */
    public record ImageAnswer(int status, Duration delay, String b64Json, String url) {

        /** A valid 1×1 PNG. */
        public static final byte[] PNG = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

        public static ImageAnswer png() {
            return bytes(PNG);
        }

        /** Any bytes, base64-encoded as {@code b64_json}. */
        public static ImageAnswer bytes(byte[] bytes) {
            return new ImageAnswer(200, Duration.ZERO, java.util.Base64.getEncoder().encodeToString(bytes), null);
        }

        /** Only a URL, as DALL·E answers by default. */
        public static ImageAnswer urlOnly(String url) {
            return new ImageAnswer(200, Duration.ZERO, null, url);
        }

        public static ImageAnswer error(int status) {
            return new ImageAnswer(status, Duration.ZERO, null, null);
        }

        public ImageAnswer delayed(Duration pause) {
            return new ImageAnswer(status, pause, b64Json, url);
        }
    }

    private Recorded record(HttpServerRequest request, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        Map<String, Object> json = body.isBlank() ? Map.of() : JSON.readValue(body, MAP);
        Recorded call = new Recorded(request.method().name(), request.uri(), headers, body, json);
        recorded.add(call);
        while (recorded.size() > MAX_RECORDED) {
            recorded.pollFirst();
        }
        return call;
    }

    private static String errorBody(Script script) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", script.errorMessage);
        error.put("type", script.errorType);
        error.put("param", null);
        error.put("code", script.errorCode);
        return JSON.writeValueAsString(Map.of("error", error));
    }

    /** How a request's response ended. */
    public enum Outcome { ANSWERED, CLIENT_CLOSED, SERVER_CLOSED }

    /**
     * One scripted answer. Mutable while a test builds it; do not change it once enqueued.
     */
    public static final class Script {
        private final int status;
        private final List<String> tokens = new ArrayList<>();
        private final List<ToolCallScript> toolCalls = new ArrayList<>();
        private Duration responseDelay = Duration.ZERO;
        private Duration firstTokenDelay = Duration.ZERO;
        private Duration tokenDelay = Duration.ZERO;
        private int disconnectAfter = -1;
        private int malformedAfter = -1;
        private String finishReason;
        private Integer promptTokens;
        private Integer completionTokens;
        private String errorType;
        private String errorCode;
        private String errorMessage;

        private Script(int status) {
            this.status = status;
        }

        /** A streamed reply made of these tokens. */
        public static Script reply(String... tokens) {
            Script script = new Script(200);
            Collections.addAll(script.tokens, tokens);
            return script;
        }

        /** A streamed reply that calls one tool, its arguments sent in these pieces. */
        public static Script toolCall(String id, String name, String... argumentPieces) {
            return new Script(200).andToolCall(id, name, argumentPieces);
        }

        /** An HTTP error with the body OpenAI sends for that status. */
        public static Script error(int status) {
            return switch (status) {
                case 401 -> error(401, "invalid_request_error", "invalid_api_key",
                        "Incorrect API key provided: sk-fake***. You can find your API key at"
                                + " https://platform.openai.com/account/api-keys.");
                case 429 -> error(429, "requests", "rate_limit_exceeded",
                        "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3,"
                                + " Requested 1. Please try again in 20s.");
                case 404 -> error(404, "invalid_request_error", "model_not_found",
                        "The model `gpt-unknown` does not exist or you do not have access to it.");
                case 400 -> error(400, "invalid_request_error", null,
                        "This model's maximum context length is 128000 tokens.");
                default -> error(status, "server_error", null,
                        "The server had an error while processing your request. Sorry about that!");
            };
        }

        public static Script error(int status, String type, String code, String message) {
            Script script = new Script(status);
            script.errorType = type;
            script.errorCode = code;
            script.errorMessage = message;
            return script;
        }

        public Script andToolCall(String id, String name, String... argumentPieces) {
            toolCalls.add(new ToolCallScript(id, name, List.of(argumentPieces)));
            return this;
        }

        /** Pause before the status line and headers. */
        public Script responseDelay(Duration delay) {
            this.responseDelay = delay;
            return this;
        }

        /** Pause between the role chunk and the first token or tool call; the headers go out at once. */
        public Script firstTokenDelay(Duration delay) {
            this.firstTokenDelay = delay;
            return this;
        }

        public Script tokenDelay(Duration delay) {
            this.tokenDelay = delay;
            return this;
        }

        /** Drop the connection after this many output chunks, without finishing the chunked body. */
        public Script disconnectAfter(int outputChunks) {
            this.disconnectAfter = outputChunks;
            return this;
        }

        /** Send one chunk that is not valid JSON after this many output chunks, then go on with the rest. */
        public Script malformedAfter(int outputChunks) {
            this.malformedAfter = outputChunks;
            return this;
        }

        public Script finishReason(String reason) {
            this.finishReason = reason;
            return this;
        }

        public Script usage(int prompt, int completion) {
            this.promptTokens = prompt;
            this.completionTokens = completion;
            return this;
        }
    }

    private record ToolCallScript(String id, String name, List<String> argumentPieces) {
    }

    private record Step(Duration delay, String data, boolean output, boolean disconnect) {
        static final Step DISCONNECT = new Step(Duration.ofMillis(5), "", false, true);
        /** A chunk cut off mid-JSON, as a broken proxy or a buggy compatible server sends. */
        static final String MALFORMED = "data: {\"id\":\"chatcmpl-broken\",\"choices\":[{\"delta\":\n\n";
    }

    private record Chunks(String id, long created, String model, boolean includeUsage) {

        String delta(Map<String, Object> delta, String finishReason) {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("logprobs", null);
            choice.put("finish_reason", finishReason);
            Map<String, Object> chunk = head();
            chunk.put("choices", List.of(choice));
            if (includeUsage) {
                chunk.put("usage", null);
            }
            return "data: " + JSON.writeValueAsString(chunk) + "\n\n";
        }

        String usage(int prompt, int completion) {
            Map<String, Object> chunk = head();
            chunk.put("choices", List.of());
            chunk.put("usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion,
                    "total_tokens", prompt + completion));
            return "data: " + JSON.writeValueAsString(chunk) + "\n\n";
        }

        private Map<String, Object> head() {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", created);
            chunk.put("model", model);
            chunk.put("system_fingerprint", "fp_fake");
            return chunk;
        }
    }

    /** A request as the server received it, and what became of its response. */
    public static final class Recorded {
        private final String method;
        private final String path;
        private final Map<String, String> headers;
        private final String body;
        private final Map<String, Object> json;
        private final AtomicInteger outputSent = new AtomicInteger();
        private final CompletableFuture<Outcome> finished = new CompletableFuture<>();
        private volatile boolean serverClosed;

        Recorded(String method, String path, Map<String, String> headers, String body, Map<String, Object> json) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
            this.json = json;
        }

        public String method() {
            return method;
        }

        public String path() {
            return path;
        }

        /** Header values by lower-case name. */
        public Map<String, String> headers() {
            return headers;
        }

        public String body() {
            return body;
        }

        public Map<String, Object> json() {
            return json;
        }

        public String authorization() {
            return headers.get("authorization");
        }

        public String model() {
            return (String) json.get("model");
        }

        public boolean stream() {
            return Boolean.TRUE.equals(json.get("stream"));
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> messages() {
            return (List<Map<String, Object>>) json.getOrDefault("messages", List.of());
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> tools() {
            return (List<Map<String, Object>>) json.getOrDefault("tools", List.of());
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> streamOptions() {
            return (Map<String, Object>) json.getOrDefault("stream_options", Map.of());
        }

        /** Token and tool-call chunks handed to the connection so far. */
        public int outputSent() {
            return outputSent.get();
        }

        /** Waits for the response to end and says how; fails if it has not ended within {@code timeout}. */
        public Outcome awaitOutcome(Duration timeout) {
            try {
                return finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("The response to " + path + " had not ended after " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }

        int promptWords() {
            int words = 0;
            for (Map<String, Object> message : messages()) {
                if (message.get("content") instanceof String content && !content.isBlank()) {
                    words += content.strip().split("\\s+").length;
                }
            }
            return words;
        }
    }
}
