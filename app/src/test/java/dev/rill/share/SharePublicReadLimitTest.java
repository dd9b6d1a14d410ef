package dev.rill.share;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Anonymous reads of shared rooms are limited per client address. */
@TestPropertySource(properties = "rill.share.public-reads-per-minute=3")
class SharePublicReadLimitTest extends ShareHttpTest {

    @Test
    void readsOverTheLimitAreRefusedWithRetryAfterAndOtherAddressesAreNot() {
        Session alice = signUp();
        String room = createChat(alice, "Popular");
        share(alice, room).expectStatus().isOk();

        for (int i = 0; i < 3; i++) {
            readFrom("192.0.2.10", room).expectStatus().isOk();
        }
        expectProblem(readFrom("192.0.2.10", room), HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
        readFrom("192.0.2.10", room).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().value(HttpHeaders.RETRY_AFTER,
                        value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L));

        readFrom("192.0.2.11", room).expectStatus().isOk();
    }

    @Test
    void readsOfRoomsThatAreNotSharedCountToo() {
        Session alice = signUp();
        String room = createChat(alice, "Private");
        for (int i = 0; i < 3; i++) {
            readFrom("192.0.2.20", room).expectStatus().isNotFound();
        }
        expectProblem(readFrom("192.0.2.20", room), HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec readFrom(String address,
                                                                                          String room) {
        return client.get().uri("/api/shared/{id}", room).header("X-Forwarded-For", address).exchange();
    }
}
