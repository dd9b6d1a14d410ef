package dev.rill.durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static dev.rill.durability.RillClient.json;
import static dev.rill.durability.RillClient.map;
import static dev.rill.durability.RillClient.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few users who keep sending turns, one after another each in a room of their own, while a test takes a service
 * away and brings it back. Every turn's outcome is recorded with the phase it started in, so the test can check
 * that each failure was a clear one, that turns succeed again afterwards, and that every {@code end} the users saw
 * has its answer in PostgreSQL.
 */
final class OutageTraffic implements AutoCloseable {

    static final String PROBLEMS = "https://rill.dev/problems/";
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    enum Phase { BEFORE, OUTAGE, AFTER }

    /** One turn: the HTTP status, and the problem document's type or the stream's last event. */
    record Outcome(int user, Phase phase, int status, String problemType, String chatId, Map<String, Object> last) {

        boolean ended() {
            return status == 200 && last != null && "end".equals(last.get("type"));
        }

        boolean clearFailure() {
            if (status == 503) {
                return problemType != null && problemType.startsWith(PROBLEMS);
            }
            return status == 200 && last != null && "error".equals(last.get("type"))
                    && String.valueOf(last.get("problem")).startsWith(PROBLEMS);
        }

        String messageId() {
            return (String) map(last.get("result")).get("message_id");
        }

        @Override
        public String toString() {
            return "user " + user + " " + phase + ": " + status + " " + (problemType != null ? problemType : last);
        }
    }

    private final RillClient client;
    private final WebClient web;
    private final List<String> bearers = new ArrayList<>();
    private final List<String> rooms = new ArrayList<>();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Disposable> users = new ArrayList<>();

    /** Signs {@code count} users up, gives each a room with one answered turn, and starts their traffic. */
    OutageTraffic(String baseUrl, int count) {
        this.client = new RillClient(baseUrl);
        this.web = WebClient.create(baseUrl);
        for (int user = 0; user < count; user++) {
            String bearer = client.signUp();
            Outcome first = send(user, bearer, null).block(Duration.ofSeconds(60));
            assertThat(first.ended()).as("the first turn, before any fault: %s", first).isTrue();
            bearers.add(bearer);
            rooms.add(first.chatId());
        }
        for (int user = 0; user < count; user++) {
            int which = user;
            users.add(Mono.defer(() -> send(which, bearers.get(which), rooms.get(which)))
                    .doOnNext(outcomes::add)
                    // A failed turn is retried after a short pause, as a person would; a fast loop would only
                    // flood the log.
                    .flatMap(o -> o.ended() ? Mono.just(o) : Mono.delay(Duration.ofMillis(300)).thenReturn(o))
                    .repeat(running::get)
                    .subscribe());
        }
    }

    /**
     * The outage scenario: {@code users} keep sending turns to {@code rill}; once one turn has ended, {@code server}
     * stops for {@code outage} and starts again; the test goes on until two more turns have ended. Asserts what every
     * outage must show (the process never restarted, the outage was felt, every turn ended or failed clearly, and
     * every answer a user saw {@code end} for is stored) and returns the outcomes for the test's own checks.
     */
    static List<Outcome> throughOutage(RillProcess rill, StoppableServer server, Duration outage, String name) {
        try (OutageTraffic traffic = new OutageTraffic(rill.baseUrl(), 3)) {
            traffic.awaitEnded(Phase.BEFORE, 1, Duration.ofSeconds(60));

            traffic.phase(Phase.OUTAGE);
            server.stop();
            // The outage itself lasts a fixed time: that is the fault being injected, not a wait for a result.
            RillProcess.sleep(outage);
            server.startAgain();
            traffic.phase(Phase.AFTER);

            traffic.awaitEnded(Phase.AFTER, 2, Duration.ofSeconds(90));
            List<Outcome> outcomes = traffic.stop();
            System.out.println(name + " outage of " + outage + ", outcomes by phase:\n" + traffic.summary());

            assertThat(rill.isAlive()).as("the same process, never restarted").isTrue();
            assertThat(outcomes).filteredOn(o -> o.phase() == Phase.OUTAGE && !o.ended())
                    .as("the outage was felt").isNotEmpty();
            assertThat(outcomes).filteredOn(o -> !o.ended() && !o.clearFailure())
                    .as("turns that neither ended nor failed clearly").isEmpty();
            traffic.assertEveryEndedAnswerIsStored();
            return outcomes;
        }
    }

    void phase(Phase next) {
        phase.set(next);
    }

    /** Waits until every user has had {@code count} answered turns that started in {@code phase}. */
    void awaitEnded(Phase in, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int user = 0; user < bearers.size(); user++) {
                int which = user;
                all &= outcomes.stream().filter(o -> o.user() == which && o.phase() == in && o.ended()).count() >= count;
            }
            if (all) {
                return;
            }
            RillProcess.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("Not every user had " + count + " answered turns in " + in + " within " + timeout
                + "; outcomes:\n" + summary());
    }

    /** Stops sending and waits for the turns in flight. */
    List<Outcome> stop() {
        running.set(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !users.stream().allMatch(Disposable::isDisposed)) {
            RillProcess.sleep(Duration.ofMillis(100));
        }
        return List.copyOf(outcomes);
    }

    /** Every answer that ended with {@code end} is in PostgreSQL, complete, under the id {@code end} gave. */
    void assertEveryEndedAnswerIsStored() {
        for (int user = 0; user < bearers.size(); user++) {
            int which = user;
            List<String> acknowledged = outcomes.stream().filter(o -> o.user() == which && o.ended())
                    .map(Outcome::messageId).toList();
            List<Map<String, Object>> stored = messages(client.chat(bearers.get(which), rooms.get(which)));
            List<String> storedComplete = stored.stream()
                    .filter(m -> "assistant".equals(m.get("role")) && "complete".equals(m.get("status")))
                    .map(m -> (String) m.get("id")).toList();
            assertThat(storedComplete).as("user %d's acknowledged answers in PostgreSQL", which)
                    .containsAll(acknowledged);
        }
    }

    String summary() {
        return outcomes.stream().collect(Collectors.groupingBy(
                        o -> o.phase() + " " + (o.ended() ? "end" : o.status() + " "
                                + (o.problemType() != null ? o.problemType() : o.last() == null ? null
                                : o.last().get("type") + " " + o.last().get("problem"))),
                        java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    private Mono<Outcome> send(int user, String bearer, String chatId) {
        Phase startedIn = phase.get();
        return web.post().uri(chatId == null ? "/api/messages" : "/api/chats/" + chatId + "/messages")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Still there?")))
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    if (status != 200) {
                        // Read as text and parsed with the mapper the first turns already warmed: WebClient's own
                        // codec would build its Map deserializer now, under a lock that several users' first
                        // refusals contend for on event loops (BlockHound failed such a turn).
                        return response.bodyToMono(String.class).map(body -> (Object) json(body).get("type"))
                                .defaultIfEmpty("(no body)")
                                .map(type -> new Outcome(user, startedIn, status, String.valueOf(type), null, null));
                    }
                    return response.bodyToFlux(SSE).filter(e -> e.data() != null).map(e -> json(e.data()))
                            .collectList()
                            .map(events -> events.isEmpty()
                                    ? new Outcome(user, startedIn, status, null, null, Map.of("type", "(no events)"))
                                    : new Outcome(user, startedIn, status, null,
                                            (String) events.get(0).get("chat_id"), events.get(events.size() - 1)));
                })
                .timeout(Duration.ofSeconds(90))
                .onErrorResume(e -> Mono.just(new Outcome(user, startedIn, -1, "transport: " + e, null, null)));
    }

    @Override
    public void close() {
        running.set(false);
        users.forEach(Disposable::dispose);
    }
}
