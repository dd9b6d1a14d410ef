package dev.rill.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

import static dev.langchain4j.http.client.sse.ServerSentEventListenerUtils.ignoringExceptions;

/**
 * Rill's HTTP transport for langchain4j: streamed replies go over reactor-netty, on the same event loops as
 * Rill's own server, behind langchain4j's {@link HttpClient} SPI, shared by every upstream model.
 *
 * <p>Why not langchain4j's own {@code JdkHttpClient}: it parses a streamed body with a blocking reader, one
 * thread per open reply, parked between chunks. At thousands of concurrent replies that is thousands of threads
 * and a context switch per token, which measured about twice the CPU per token of a bare reactor-netty relay.
 * Here the body arrives as Netty buffers on an event loop, is split into server-sent events without blocking, and
 * langchain4j's listener (which parses each event's JSON and calls back into the reply's flux) runs right there.
 *
 * <p>The blocking {@link #execute(HttpRequest)} of the SPI, which Rill's replies never use, still goes over the
 * JDK client. langchain4j calls {@link #connectTimeout(Duration)} and {@link #readTimeout(Duration)} with its own
 * defaults; they are ignored, Rill's settings apply.
 *
 * <p>A request started inside {@link #send(Exchange, Runnable)} can be abandoned through its {@link Exchange}
 * at any stage, which langchain4j's {@code StreamingHandle} cannot do before the first token.
 */
final class LlmTransport implements HttpClientBuilder, HttpClient, AutoCloseable {

    private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();
    /** Marks, in a reply's signal stream, that the response headers have arrived. */
    private static final Object OPENED = new Object();

    private final Duration connectTimeout;
    private final Duration headersTimeout;
    private final ConnectionProvider connections;
    private final reactor.netty.http.client.HttpClient netty;
    private final java.net.http.HttpClient blockingClient;

    /**
     * @param headersTimeout how long to wait for the response headers; the body's pace is watched by the caller
     */
    LlmTransport(Duration connectTimeout, Duration headersTimeout) {
        this(connectTimeout, headersTimeout, null);
    }

    /**
     * @param resolver resolves the servers' host names, or {@code null} for Reactor Netty's own resolver; a
     *                 transport for user-chosen URLs passes a {@link dev.rill.platform.PublicAddressResolver}
     */
    LlmTransport(Duration connectTimeout, Duration headersTimeout,
                 io.netty.resolver.AddressResolverGroup<? extends java.net.SocketAddress> resolver) {
        this.connectTimeout = connectTimeout;
        this.headersTimeout = headersTimeout;
        // Every open reply holds a connection for its whole length: the pool must be as large as the number of
        // concurrent replies, and a request waits for a free connection no longer than for a new one.
        this.connections = ConnectionProvider.builder(resolver == null ? "rill-llm" : "rill-llm-guarded")
                .maxConnections(20_000)
                .pendingAcquireTimeout(connectTimeout)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.netty = resolver == null ? client : client.resolver(resolver);
        this.blockingClient = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /**
     * Runs {@code start}, which sends at most one streaming request on this thread through this transport, and binds
     * that request to {@code exchange}. langchain4j 1.19 builds and sends synchronously inside
     * {@code StreamingChatModel.chat}, so a thread-local carries the exchange to {@link #execute}.
     */
    static void send(Exchange exchange, Runnable start) {
        CURRENT.set(exchange);
        try {
            start.run();
        } finally {
            CURRENT.remove();
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser ignored, ServerSentEventListener listener) {
        Exchange exchange = CURRENT.get() != null ? CURRENT.get() : new Exchange();
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("Rill's LLM transport sends JSON only, not multipart forms");
        }
        EventDecoder decoder = new EventDecoder(listener, exchange);
        Flux<Object> reply = netty
                .headers(headers -> request.headers().forEach((name, values) -> {
                    if (values != null) {
                        headers.add(name, values);
                    }
                }))
                .request(HttpMethod.valueOf(request.method().name()))
                .uri(request.url())
                .send(request.body() == null ? ByteBufFlux.fromString(Mono.empty())
                        : ByteBufFlux.fromString(Mono.just(request.body()), StandardCharsets.UTF_8,
                                io.netty.buffer.ByteBufAllocator.DEFAULT))
                .response((response, body) -> successful(response.status().code())
                        ? Flux.concat(Mono.just(OPENED).doOnNext(opened -> open(response, listener)),
                                body.doOnNext(decoder::feed).then(Mono.fromRunnable(decoder::finish)))
                        : body.aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                .flatMap(text -> Mono.error(new HttpException(response.status().code(), text))))
                // The deadline covers the headers only: the first element is the marker that they arrived.
                .timeout(Mono.delay(headersTimeout), next -> Mono.never());
        exchange.sent(reply.subscribe(ignoredSignal -> { }, error -> ignoringExceptions(() -> listener.onError(
                error instanceof TimeoutException ? new dev.langchain4j.exception.TimeoutException(error) : error)),
                () -> ignoringExceptions(listener::onClose)));
    }

    private static void open(HttpClientResponse response, ServerSentEventListener listener) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.responseHeaders().forEach(header -> headers.computeIfAbsent(header.getKey(),
                name -> new ArrayList<>()).add(header.getValue()));
        ignoringExceptions(() -> listener.onOpen(SuccessfulHttpResponse.builder()
                .statusCode(response.status().code())
                .headers(headers)
                .build()));
    }

    /** Blocking, as the SPI defines it; Rill's replies never come this way, only streams do. */
    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            java.net.http.HttpResponse<byte[]> response = blockingClient.send(toJdk(request),
                    BodyHandlers.ofByteArray());
            if (!successful(response.statusCode())) {
                throw new HttpException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new dev.langchain4j.exception.TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the language model", e);
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("Rill's LLM transport sends JSON only, not multipart forms");
        }
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder()
                .uri(URI.create(request.url()))
                .timeout(headersTimeout)
                .method(request.method().name(), request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> jdk.header(name, value));
            }
        });
        return jdk.build();
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration ignored) {
        return this;
    }

    @Override
    public Duration readTimeout() {
        return headersTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration ignored) {
        return this;
    }

    @Override
    public HttpClient build() {
        return this;
    }

    /** Ends every open reply: their connections are closed, which fails their streams. */
    @Override
    public void close() {
        connections.dispose();
    }

    /**
     * Splits a streamed body into server-sent events as langchain4j's {@code DefaultServerSentEventParser} does:
     * {@code event:} names the event, {@code data:} lines (one leading space dropped) are joined with newlines, and a
     * blank line or the end of the body dispatches. Bytes are split at line feeds before decoding, so a character
     * cut between two network buffers is decoded whole (a UTF-8 continuation byte is never a line feed). Fed by one
     * connection's event loop, one buffer at a time.
     */
    private static final class EventDecoder {

        private final ServerSentEventListener listener;
        private final ServerSentEventContext context;
        private final Exchange exchange;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
        private final StringBuilder data = new StringBuilder();
        private String event;

        EventDecoder(ServerSentEventListener listener, Exchange exchange) {
            this.listener = listener;
            this.exchange = exchange;
            this.context = new ServerSentEventContext(exchange);
        }

        void feed(ByteBuf buffer) {
            int end = buffer.writerIndex();
            for (int i = buffer.readerIndex(); i < end && !exchange.isCancelled(); i++) {
                byte b = buffer.getByte(i);
                if (b == '\n') {
                    line(lineText());
                } else {
                    line.write(b);
                }
            }
        }

        void finish() {
            if (line.size() > 0) {
                line(lineText());
            }
            dispatch();
        }

        private String lineText() {
            int length = line.size();
            byte[] bytes = line.toByteArray();
            line.reset();
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        private void line(String text) {
            if (text.isEmpty()) {
                dispatch();
            } else if (text.startsWith("event:")) {
                event = text.substring("event:".length()).trim();
            } else if (text.startsWith("data:")) {
                String content = text.substring("data:".length());
                if (content.startsWith(" ")) {
                    content = content.substring(1);
                }
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(content);
            }
        }

        private void dispatch() {
            if (data.isEmpty() || exchange.isCancelled()) {
                return;
            }
            ServerSentEvent next = new ServerSentEvent(event, data.toString());
            event = null;
            data.setLength(0);
            ignoringExceptions(() -> listener.onEvent(next, context));
        }
    }

    /**
     * One request that its caller may abandon, before the headers or at any point of the body: abandoning disposes
     * the exchange, which closes its connection. It is also the parsing handle langchain4j's {@code StreamingHandle}
     * cancels.
     */
    static final class Exchange implements ServerSentEventParsingHandle {

        private volatile Disposable reply;
        private volatile boolean abandoned;

        void abandon() {
            abandoned = true;
            Disposable pending = reply;
            if (pending != null) {
                pending.dispose();
            }
        }

        @Override
        public void cancel() {
            abandon();
        }

        @Override
        public boolean isCancelled() {
            return abandoned;
        }

        private void sent(Disposable subscription) {
            reply = subscription;
            if (abandoned) {
                subscription.dispose();
            }
        }
    }
}
