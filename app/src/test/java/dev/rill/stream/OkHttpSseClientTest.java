package dev.rill.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.rill.support.HttpTest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client Android apps use, OkHttp's {@code EventSources}, against a real run (the offline demo model): it parses
 * every event of a basic turn, and after the connection is cut it resumes with {@code Last-Event-ID} and receives each
 * remaining event exactly once.
 */
class OkHttpSseClientTest extends HttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient okhttp = new OkHttpClient.Builder()
            // An SSE response is open for as long as the run; heartbeats come every 15 s.
            .readTimeout(60, TimeUnit.SECONDS).build();

    @AfterEach
    void closeClient() {
        okhttp.dispatcher().executorService().shutdown();
        okhttp.connectionPool().evictAll();
    }

    /** One event as OkHttp hands it over. */
    record Received(String id, String type, String data) {
        Map<String, Object> json() {
            return JSON.readValue(data, Map.class);
        }
    }

    /** Collects events until the stream closes, or until {@code stopAfter} matches (then it cuts the connection). */
    static final class Collector extends EventSourceListener {
        final List<Received> events = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<Integer> status = new AtomicReference<>();
        private final Predicate<Received> stopAfter;
        private volatile boolean cut;

        Collector(Predicate<Received> stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void onOpen(EventSource source, Response response) {
            status.set(response.code());
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (cut) {
                return; // anything after the cut counts as not received
            }
            Received event = new Received(id, type, data);
            events.add(event);
            if (stopAfter.test(event)) {
                cut = true;
                source.cancel();
                done.countDown();
            }
        }

        @Override
        public void onClosed(EventSource source) {
            done.countDown();
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            if (!cut) {
                failure.set(t != null ? t : new IllegalStateException("HTTP " + (response == null ? "?" : response.code())));
            }
            done.countDown();
        }

        List<Received> await() throws InterruptedException {
            assertThat(done.await(60, TimeUnit.SECONDS)).as("stream finished within 60 s").isTrue();
            assertThat(failure.get()).as("stream failure").isNull();
            return events;
        }
    }

    private Collector send(Session session, String message, Predicate<Received> stopAfter) {
        Collector collector = new Collector(stopAfter);
        Request request = new Request.Builder().url("http://localhost:" + port + "/api/messages")
                .header("Authorization", session.bearer())
                .post(RequestBody.create("{\"content\":{\"message\":\"" + message + "\"}}", JSON_TYPE)).build();
        EventSources.createFactory(okhttp).newEventSource(request, collector);
        return collector;
    }

    private Collector resume(Session session, String chatId, String runId, String lastEventId) {
        Collector collector = new Collector(event -> false);
        Request.Builder request = new Request.Builder()
                .url("http://localhost:" + port + "/api/chats/" + chatId + "/runs/" + runId + "/events")
                .header("Authorization", session.bearer());
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        EventSources.createFactory(okhttp).newEventSource(request.build(), collector);
        return collector;
    }

    @Test
    @SuppressWarnings("unchecked")
    void parsesEveryEventOfABasicTurn() throws InterruptedException {
        Session session = signUp();
        // One of BasicFlow's own examples, so the fast path picks plain chat whatever else the model knows.
        Collector collector = send(session, "Hi, how are you today?", event -> false);
        List<Received> events = collector.await();

        assertThat(collector.status.get()).isEqualTo(200);
        assertThat(events).extracting(Received::id)
                .containsExactlyElementsOf(numbers(1, events.size()));
        // Rill writes no SSE event: line; the kind is the JSON's type, so OkHttp reports none.
        assertThat(events).extracting(Received::type).containsOnlyNulls();
        List<String> types = events.stream().map(e -> (String) e.json().get("type")).toList();
        assertThat(types.get(0)).isEqualTo("start");
        assertThat(types).contains("tool_selection", "basic_flow").last().isEqualTo("end");
        Map<String, Object> start = events.get(0).json();
        assertThat((String) start.get("run_id")).startsWith("run-");
        assertThat((String) start.get("chat_id")).startsWith("chat-");
        assertThat((String) start.get("message_id")).startsWith("msg-");
        StringBuilder answer = new StringBuilder();
        for (Received event : events) {
            Map<String, Object> json = event.json();
            if ("basic_flow".equals(json.get("type")) && json.get("delta") != null) {
                answer.append(json.get("delta"));
            }
        }
        Map<String, Object> result = (Map<String, Object>) events.get(events.size() - 1).json().get("result");
        assertThat(result).containsEntry("status", "complete");
        Map<String, Object> saved = (Map<String, Object>) ((List<Object>) result.get("messages")).get(0);
        assertThat(((Map<String, Object>) saved.get("content")).get("message")).isEqualTo(answer.toString());
    }

    @Test
    void resumesWithLastEventIdAfterTheConnectionIsCutWithNoEventLostOrRepeated() throws InterruptedException {
        Session session = signUp();
        // Cut as soon as the first delta arrives: the answer is still being written.
        Collector first = send(session, "Tell me a joke", event ->
                event.data().contains("\"delta\""));
        List<Received> before = first.await();
        Map<String, Object> start = before.get(0).json();
        String chatId = (String) start.get("chat_id");
        String runId = (String) start.get("run_id");
        String lastId = before.get(before.size() - 1).id();

        List<Received> after = resume(session, chatId, runId, lastId).await();
        List<Received> joined = new ArrayList<>(before);
        joined.addAll(after);

        assertThat(joined).extracting(Received::id).as("ids across the cut")
                .containsExactlyElementsOf(numbers(1, joined.size()));
        assertThat((String) joined.get(joined.size() - 1).json().get("type")).isEqualTo("end");
        // The joined stream is exactly what a reader from the start sees.
        List<Received> whole = resume(session, chatId, runId, null).await();
        assertThat(joined).extracting(Received::data).containsExactlyElementsOf(
                whole.stream().map(Received::data).toList());
    }

    private static List<String> numbers(int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }
}
