package dev.rill.share;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With Redis unreachable the public-read limit fails open: shared rooms stay readable (and a WARN is logged) rather
 * than a cache outage taking the feature down.
 */
@TestPropertySource(properties = {
        "rill.redis.url=redis://127.0.0.1:1",
        "rill.redis.connect-timeout=200ms",
        "rill.redis.command-timeout=300ms",
        "rill.share.public-reads-per-minute=1"})
class ShareRedisDownTest extends ShareHttpTest {

    @Test
    void sharedRoomStaysReadableBeyondTheLimitWhenRedisIsDown() {
        Session alice = signUp();
        String room = createChat(alice, "Still readable");
        share(alice, room).expectStatus().isOk();

        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/shared/{id}", room).header("X-Forwarded-For", "192.0.2.30")
                    .exchange().expectStatus().isOk();
        }
    }
}
