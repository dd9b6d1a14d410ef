package dev.rill.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.rill.llm.LlmFailure.Kind;
import dev.rill.platform.PublicAddressResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams replies from an OpenAI-compatible server through langchain4j's {@link OpenAiStreamingChatModel}.
 *
 * <p>One langchain4j model is built per {@link Credentials} and kept in a small LRU cache; they are cheap because
 * they all share one {@link LlmTransport}. Each attempt is one {@link UpstreamCall}, which bridges langchain4j's
 * callbacks into a flux.
 *
 * <p><b>Backpressure.</b> langchain4j pushes; pausing it would mean parking the reader thread until the subscriber
 * asks for more, tying the upstream connection to the slowest subscriber. So the bridge ignores demand ({@link FluxSink.OverflowStrategy#IGNORE}) and hands every chunk to
 * {@code onBackpressureBuffer(maxBufferedChunks, ERROR)}, the one buffer, which requests everything and queues what
 * the subscriber has not asked for yet. No token is ever dropped: a reply is finite (bounded by the model's output
 * limit), so the queue holds at most one reply, and a subscriber that falls {@code rill.llm.max-buffered-chunks}
 * behind gets every queued chunk followed by {@link Kind#OVERRUN} instead of unbounded memory. An upstream error is
 * likewise delivered after the queued chunks.
 *
 * <p><b>Retries.</b> A retryable failure (429, 5xx, timeouts, refused connections) before any token or tool call
 * reached the subscriber starts a fresh attempt after a backoff that doubles from {@code rill.llm.retry-backoff}
 * with 50% jitter, at most {@code rill.llm.max-retries} times; the last failure is then passed on as it is. A failure
 * after output is never retried, since the subscriber would see the reply twice.
 *
 * <p><b>Cancellation</b> stops the HTTP stream; see {@link UpstreamCall} for how and what langchain4j 1.19 allows.
 */
final class OpenAiReplyModel implements ReplyModel, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenAiReplyModel.class);

    /** Distinct keys kept ready; users' own keys will come and go, and a rebuilt model costs microseconds. */
    private static final int MAX_CACHED_MODELS = 256;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final LlmProperties properties;
    private final LlmTransport transport;
    /** Lazily made, one per guard (in practice one): users' URLs never share connections with Rill's own. */
    private final Map<PublicAddressResolver, LlmTransport> guardedTransports = new ConcurrentHashMap<>();
    /** {@code null} when no key is configured: then this model serves only turns on users' own keys. */
    private final Credentials ownCredentials;
    private final Map<Credentials, StreamingChatModel> models;
    private final RetryBackoffSpec retry;

    OpenAiReplyModel(LlmProperties properties) {
        this.properties = properties;
        this.transport = new LlmTransport(properties.connectTimeout(), properties.firstTokenTimeout());
        this.ownCredentials = properties.hasApiKey() ? properties.credentials() : null;
        this.models = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Credentials, StreamingChatModel> eldest) {
                return size() > MAX_CACHED_MODELS;
            }
        });
        // Built now, on the starting thread: the first reply should not pay for loading langchain4j.
        if (ownCredentials != null) {
            models.put(ownCredentials, build(ownCredentials));
        }
        // langchain4j's JSON codec finds Jackson modules through a ServiceLoader on first use, which took over a
        // second in a cold test JVM; tool schemas go through it.
        dev.langchain4j.internal.Json.toJson(Map.of());
        this.retry = Retry.backoff(properties.maxRetries(), properties.retryBackoff())
                .maxBackoff(MAX_BACKOFF)
                .jitter(0.5)
                .filter(OpenAiReplyModel::retryable)
                .doBeforeRetry(signal -> log.warn("Language model attempt {} failed: {}; retrying",
                        signal.totalRetries() + 1, signal.failure().toString()))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    @Override
    public Flux<ReplyChunk> stream(ReplyRequest request) {
        return attempt(request).retryWhen(retry);
    }

    @Override
    public String name() {
        return properties.model();
    }

    @Override
    public boolean offline() {
        return false;
    }

    String baseUrl() {
        return ownCredentials == null ? null : ownCredentials.baseUrl();
    }

    @Override
    public void close() {
        transport.close();
        guardedTransports.values().forEach(LlmTransport::close);
    }

    private Flux<ReplyChunk> attempt(ReplyRequest request) {
        return Flux.<ReplyChunk>create(sink -> UpstreamCall.start(sink, () -> modelFor(request.credentialsOverride()),
                        () -> toChatRequest(request), properties), FluxSink.OverflowStrategy.IGNORE)
                // Starting a request can block on first use: langchain4j initialises its JSON codec through a
                // ServiceLoader that reads jars (BlockHound caught that on a parallel thread), and Jackson locks to
                // build a serializer for a type it meets for the first time. A hop per request keeps that, and
                // whatever the next langchain4j version does there, off event loops.
                .subscribeOn(Schedulers.boundedElastic())
                .onBackpressureBuffer(properties.maxBufferedChunks(), BufferOverflowStrategy.ERROR)
                .onErrorMap(Exceptions::isOverflow, e -> new LlmFailure(Kind.OVERRUN, "The reply's subscriber fell"
                        + " more than " + properties.maxBufferedChunks() + " chunks behind", true, e));
    }

    private static boolean retryable(Throwable error) {
        return error instanceof LlmFailure failure && failure.retryable() && !failure.tokensEmitted();
    }

    private StreamingChatModel modelFor(Credentials override) {
        Credentials credentials = override == null ? ownCredentials : override;
        if (credentials == null) {
            throw new IllegalStateException("No API key is configured, and the turn names no key of its own");
        }
        return models.computeIfAbsent(credentials, this::build);
    }

    private StreamingChatModel build(Credentials credentials) {
        return OpenAiStreamingChatModel.builder()
                .httpClientBuilder(credentials.addressGuard() == null ? transport
                        : guardedTransports.computeIfAbsent(credentials.addressGuard(), guard -> new LlmTransport(
                                properties.connectTimeout(), properties.firstTokenTimeout(), guard)))
                .baseUrl(credentials.baseUrl())
                .apiKey(credentials.apiKey())
                .modelName(credentials.model() != null ? credentials.model() : properties.model())
                .temperature(properties.temperature())
                .maxTokens(properties.maxTokens())
                .build();
    }

    static ChatRequest toChatRequest(ReplyRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.history().size() + 1);
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.add(SystemMessage.from(request.systemPrompt()));
        }
        for (Turn turn : request.history()) {
            messages.add(switch (turn.role()) {
                case USER -> turn.images().isEmpty() ? UserMessage.from(turn.text()) : withImages(turn);
                case ASSISTANT -> AiMessage.from(turn.text());
            });
        }
        ChatRequest.Builder chat = ChatRequest.builder().messages(messages);
        if (!request.tools().isEmpty()) {
            chat.toolSpecifications(request.tools().stream().map(OpenAiReplyModel::toToolSpecification).toList());
        }
        if (request.modelOverride() != null) {
            chat.modelName(request.modelOverride());
        }
        if (request.responseSchema() != null) {
            chat.responseFormat(ResponseFormat.builder()
                    .type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder()
                            .name(request.responseSchema().name())
                            .rootElement(toObjectSchema(request.responseSchema().schema()))
                            .build())
                    .build());
        }
        return chat.build();
    }

    /** A user message of text and then its images, each as base64 data with its media type. */
    private static UserMessage withImages(Turn turn) {
        List<Content> contents = new ArrayList<>(turn.images().size() + 1);
        contents.add(TextContent.from(turn.text()));
        for (TurnImage image : turn.images()) {
            contents.add(ImageContent.from(Base64.getEncoder().encodeToString(image.data()), image.mediaType()));
        }
        return UserMessage.from(contents);
    }

    /**
     * langchain4j wants a typed schema; Rill's tools carry plain JSON Schema. Each property goes over as a raw schema,
     * so keywords langchain4j has no type for ({@code format}, {@code minimum}, nested {@code oneOf}…) survive.
     */
    static ToolSpecification toToolSpecification(ToolSpec tool) {
        return ToolSpecification.builder()
                .name(tool.name())
                .description(tool.description())
                .parameters(toObjectSchema(tool.parameters()))
                .build();
    }

    private static JsonObjectSchema toObjectSchema(Map<String, Object> schema) {
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> parameters.addProperty(String.valueOf(name), raw(property)));
        }
        if (schema.get("required") instanceof List<?> required) {
            parameters.required(required.stream().map(String::valueOf).toList());
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            parameters.additionalProperties(additional);
        }
        if (schema.get("description") instanceof String description) {
            parameters.description(description);
        }
        if (schema.get("$defs") instanceof Map<?, ?> definitions) {
            Map<String, JsonSchemaElement> defs = new LinkedHashMap<>();
            definitions.forEach((name, definition) -> defs.put(String.valueOf(name), raw(definition)));
            parameters.definitions(defs);
        }
        return parameters.build();
    }

    private static JsonRawSchema raw(Object schema) {
        return JsonRawSchema.from(JsonMapper.shared().writeValueAsString(schema));
    }
}
