package dev.rill.stream;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.rill.chat.ChatService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Keeps this instance's claims on the rooms it answers in. A run claims its room in PostgreSQL together with
 * the user's message ({@link ChatService#beginTurn}) and drops the claim together with the answer
 * ({@link ChatService#endTurn}); here, every third of a lease, one statement extends the claims of all runs still
 * going, so a crashed instance frees its rooms within one lease while a live one keeps them.
 */
@Component
class RoomLocks implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RoomLocks.class);

    private final ChatService chats;
    private final StreamProperties properties;
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private Disposable renewal;

    RoomLocks(ChatService chats, StreamProperties properties) {
        this.chats = chats;
        this.properties = properties;
    }

    void held(UUID runId) {
        held.add(runId);
    }

    /** The run has ended; its claim is dropped with its answer, or by {@link #release}. */
    void ended(UUID runId) {
        held.remove(runId);
    }

    void release(UUID chatId, UUID runId) {
        held.remove(runId);
        chats.releaseTurn(chatId, runId).subscribe(ignored -> { }, e -> log.warn(
                "Could not free room {} after run {} ({}); it frees itself when the lease ends", chatId, runId,
                e.getClass().getSimpleName()));
    }

    @Override
    public void afterPropertiesSet() {
        renewal = Flux.interval(properties.ownerLease().dividedBy(3))
                // A renewal still running when the next tick comes (the database slow) skips that tick.
                .onBackpressureDrop()
                .concatMap(tick -> chats.renewTurns(Set.copyOf(held), properties.ownerLease())
                        .onErrorResume(e -> {
                            log.warn("Could not extend room claims ({})", e.getClass().getSimpleName());
                            return reactor.core.publisher.Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void destroy() {
        renewal.dispose();
    }
}
