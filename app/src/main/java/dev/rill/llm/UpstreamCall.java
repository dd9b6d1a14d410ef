package dev.rill.llm;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rill.llm.LlmFailure.Kind;

import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * One request to an upstream model: turns langchain4j's callbacks into signals of a {@link FluxSink}, watches the
 * timeouts, and stops the HTTP stream when the subscriber cancels or a timeout fires.
 *
 * <p><b>Threads.</b> langchain4j calls back on the transport's reader thread ({@link LlmTransport}), one callback at
 * a time. A cancel can come from any thread, an event loop included, and the watchdog runs on Reactor's parallel
 * scheduler. Stopping the HTTP stream closes a socket and takes JDK locks, so it is never done on the cancelling
 * thread: it runs on the reader thread when that is where we are, and on the bounded-elastic scheduler otherwise.
 *
 * <p><b>Cancellation.</b> langchain4j 1.19 hands a {@link StreamingHandle} to each partial response, tool-call
 * fragment and thinking fragment; cancelling it closes the response body and ends its parser loop cleanly. Before
 * the first such callback there is no handle (the first chunk carries only the role), so the call also holds its
 * {@link LlmTransport.Exchange}, which cancels the JDK exchange before the headers and closes the body after them.
 * Callbacks that still arrive after a cancel are ignored.
 *
 * <p><b>Timeouts.</b> One timer per call, not one per token: it is armed for the first-token deadline and, when it
 * fires after output has started, re-arms itself for the idle deadline measured from the latest output, capped by
 * the overall deadline. Tool-call fragments count as output, although they are emitted only when complete.
 *
 * <p><b>Emission and failure</b> are serialized on this object's monitor, so a failure knows exactly whether a token
 * reached the subscriber, which decides whether it may be retried. The watchdog may therefore wait for one
 * {@code onNext} of the subscriber to return.
 */
final class UpstreamCall implements StreamingChatResponseHandler {

    private final FluxSink<ReplyChunk> sink;
    private final long firstTokenNanos;
    private final long idleNanos;
    private final long overallDeadline;
    private final long startedAt;

    private final LlmTransport.Exchange exchange = new LlmTransport.Exchange();

    private volatile boolean done;
    private boolean emitted;
    private volatile boolean outputStarted;
    private volatile long lastOutputAt;
    private volatile StreamingHandle handle;
    private volatile Disposable watchdog;

    private UpstreamCall(FluxSink<ReplyChunk> sink, LlmProperties limits) {
        this.sink = sink;
        this.firstTokenNanos = limits.firstTokenTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        this.startedAt = System.nanoTime();
        this.overallDeadline = startedAt + limits.overallTimeout().toNanos();
    }

    /**
     * Builds the request, sends it and feeds {@code sink} until the reply ends, fails or is cancelled. Building
     * happens here so that its failures, like the upstream's, end the flux as an {@link LlmFailure}.
     */
    static void start(FluxSink<ReplyChunk> sink, Supplier<StreamingChatModel> model, Supplier<ChatRequest> request,
                      LlmProperties limits) {
        UpstreamCall call = new UpstreamCall(sink, limits);
        sink.onCancel(call::cancel);
        sink.onDispose(call::stopWatchdog);
        call.watchdog = Schedulers.parallel().schedule(call::checkDeadline,
                Math.min(call.firstTokenNanos, call.overallDeadline - call.startedAt), TimeUnit.NANOSECONDS);
        StreamingChatModel upstream;
        ChatRequest chat;
        try {
            upstream = model.get();
            chat = request.get();
        } catch (RuntimeException e) {
            call.fail(emitted -> new LlmFailure(Kind.REQUEST_REJECTED, "The request could not be built", emitted, 0,
                    null, false, e));
            return;
        }
        try {
            LlmTransport.send(call.exchange, () -> upstream.chat(chat, call));
        } catch (RuntimeException e) {
            // langchain4j validates parameters before sending, e.g. one this server type does not support.
            call.fail(emitted -> new LlmFailure(Kind.REQUEST_REJECTED, "The request could not be sent", emitted, 0,
                    null, false, e));
        }
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        if (output(context.streamingHandle())) {
            emit(new ReplyChunk.Token(partial.text()));
        }
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
        output(context.streamingHandle());
    }

    @Override
    public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
        output(context.streamingHandle());
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall complete) {
        var call = complete.toolExecutionRequest();
        emit(new ReplyChunk.ToolCall(call.id(), call.name(), call.arguments()));
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        if (response.finishReason() == null) {
            // The body ended cleanly but without OpenAI's final chunk: a proxy cut the reply short.
            fail(emitted -> new LlmFailure(Kind.BAD_RESPONSE, "The language model's stream ended before the reply did",
                    emitted, null));
            return;
        }
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            TokenUsage usage = response.tokenUsage();
            if (usage != null && (usage.inputTokenCount() != null || usage.outputTokenCount() != null)) {
                sink.next(new ReplyChunk.Usage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount())));
            }
            sink.next(new ReplyChunk.Finished(finishReason(response.finishReason())));
        }
        sink.complete();
    }

    @Override
    public void onError(Throwable error) {
        fail(emitted -> UpstreamErrors.classify(error, emitted));
    }

    /** Records output activity; false when this call is over and the stream should stop instead. */
    private boolean output(StreamingHandle current) {
        if (current != null) {
            handle = current;
        }
        if (done) {
            // Cancelled or timed out meanwhile: we are on the reader thread, where closing is safe.
            if (current != null) {
                current.cancel();
            }
            return false;
        }
        lastOutputAt = System.nanoTime();
        outputStarted = true;
        return true;
    }

    private synchronized void emit(ReplyChunk chunk) {
        if (done) {
            return;
        }
        emitted = true;
        sink.next(chunk);
    }

    private void fail(Function<Boolean, LlmFailure> failure) {
        LlmFailure error;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            error = failure.apply(emitted);
        }
        closeUpstream();
        sink.error(error);
    }

    private void cancel() {
        done = true;
        closeUpstream();
    }

    private void checkDeadline() {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        boolean started = outputStarted;
        long deadline = Math.min(started ? lastOutputAt + idleNanos : startedAt + firstTokenNanos, overallDeadline);
        if (now - deadline < 0) {
            watchdog = Schedulers.parallel().schedule(this::checkDeadline, deadline - now, TimeUnit.NANOSECONDS);
            return;
        }
        String which = now - overallDeadline >= 0 ? "finish the reply" : started ? "continue" : "start answering";
        fail(emitted -> new LlmFailure(Kind.TIMEOUT, "The language model took too long to " + which, emitted,
                null));
    }

    private void stopWatchdog() {
        Disposable timer = watchdog;
        if (timer != null) {
            timer.dispose();
        }
    }

    private void closeUpstream() {
        StreamingHandle current = handle;
        Schedulers.boundedElastic().schedule(current != null ? current::cancel : exchange::abandon);
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    private static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> ReplyChunk.Finished.STOP;
            case LENGTH -> ReplyChunk.Finished.LENGTH;
            case TOOL_EXECUTION -> ReplyChunk.Finished.TOOL_CALLS;
            case CONTENT_FILTER -> ReplyChunk.Finished.CONTENT_FILTER;
            default -> "other";
        };
    }
}
