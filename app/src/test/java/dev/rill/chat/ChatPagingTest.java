package dev.rill.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.rill.shared.IdKind;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Cursor paging of room lists and of a room's messages. */
class ChatPagingTest extends ChatHttpTest {

    @Test
    void threePagesOfTwoYieldEveryRoomExactlyOnce() {
        Session alice = signUp();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createChat(alice, "room " + i));
        }

        EntityExchangeResult<Map> first = page(alice, "/api/chats?limit=2");
        assertThat(first.getResponseBody()).containsEntry("has_next", true);
        String link = first.getResponseHeaders().getFirst("Link");
        assertThat(link).matches("</api/chats\\?limit=2&cursor=[A-Za-z0-9_-]+>; rel=\"next\"");

        // Follow the Link header once and next_cursor once: both must lead on.
        EntityExchangeResult<Map> second = page(alice, link.substring(1, link.indexOf('>')));
        assertThat(second.getResponseBody()).containsEntry("has_next", true);
        EntityExchangeResult<Map> third = page(alice,
                "/api/chats?limit=2&cursor=" + second.getResponseBody().get("next_cursor"));
        assertThat(third.getResponseBody()).containsEntry("has_next", false).containsEntry("next_cursor", null);
        assertThat(third.getResponseHeaders().get("Link")).isNull();

        List<String> seen = new ArrayList<>();
        for (EntityExchangeResult<Map> page : List.of(first, second, third)) {
            seen.addAll(ids(body(page), "results"));
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(seen).hasSize(5).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void roomsCreatedAtTheSameInstantPageStably() {
        Session alice = signUp();
        Instant instant = Instant.parse("2025-01-01T00:00:00Z");
        List<UUID> inserted = IntStream.range(0, 7).mapToObj(i -> insertChat(alice, "twin " + i, instant)).toList();

        List<String> everything = ids(getJson(alice, "/api/chats?limit=50"), "results");
        List<String> paged = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            Map<String, Object> page = getJson(alice, "/api/chats?limit=2&cursor=" + cursor);
            paged.addAll(ids(page, "results"));
            cursor = (String) page.get("next_cursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(paged).containsExactlyElementsOf(everything).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(inserted.stream().map(IdKind.CHAT::format).toList());
    }

    @Test
    void isoTimeCursorListsRoomsCreatedBeforeIt() {
        Session alice = signUp();
        UUID ten = insertChat(alice, "ten", Instant.parse("2024-01-01T10:00:00Z"));
        UUID nine = insertChat(alice, "nine", Instant.parse("2024-01-01T09:00:00Z"));
        insertChat(alice, "eleven", Instant.parse("2024-01-01T11:00:00Z"));
        List<String> expected = List.of(IdKind.CHAT.format(ten), IdKind.CHAT.format(nine));

        assertThat(ids(getJson(alice, "/api/chats?cursor=2024-01-01T11:00:00Z"), "results"))
                .containsExactlyElementsOf(expected);
        assertThat(ids(getJson(alice, "/api/chats?cursor={cursor}", "2024-01-01T20:00:00+09:00"), "results"))
                .containsExactlyElementsOf(expected);
        // An offset's '+' sent unencoded arrives as a space; it is still understood.
        assertThat(ids(getJson(alice, "/api/chats?cursor=2024-01-01T20:00:00+09:00"), "results"))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void limitOutOfRangeOrNotANumberIsRefused() {
        Session alice = signUp();
        for (String limit : List.of("0", "51", "abc", "-1", "2.5", "99999999999")) {
            client.get().uri("/api/chats?limit=" + limit).header("Authorization", alice.bearer())
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                    .jsonPath("$.errors[0].field").isEqualTo("limit");
        }
        assertThat(getJson(alice, "/api/chats?limit=50")).containsEntry("has_next", false);
        assertThat(getJson(alice, "/api/chats?limit=1")).containsEntry("has_next", false);
    }

    @Test
    void malformedCursorIsRefused() {
        Session alice = signUp();
        for (String cursor : List.of("garbage", "not.base64!", "2024-13-45T99:00:00Z", "A".repeat(200))) {
            client.get().uri("/api/chats?cursor=" + cursor).header("Authorization", alice.bearer())
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                    .jsonPath("$.errors[0].field").isEqualTo("cursor");
        }
    }

    @Test
    void everyBadPagingParameterIsNamedAtOnce() {
        Session alice = signUp();
        client.get().uri("/api/chats?cursor=garbage&limit=0").header("Authorization", alice.bearer())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[0].field").isEqualTo("cursor")
                .jsonPath("$.errors[1].field").isEqualTo("limit");
    }

    @Test
    void longRoomIsReadBackwardsInChronologicalPages() {
        Session alice = signUp();
        String room = createChat(alice, "long");
        List<String> messages = chats.append(user(alice), chat(room), IntStream.range(0, 7)
                        .mapToObj(i -> NewMessage.text(i % 2 == 0 ? MessageRole.USER : MessageRole.ASSISTANT,
                                "message " + i)).toList())
                .map(message -> IdKind.MESSAGE.format(message.id())).collectList().block();

        Map<String, Object> latest = getJson(alice, "/api/chats/" + room + "?messages_limit=3");
        assertThat(ids(latest, "messages")).containsExactlyElementsOf(messages.subList(4, 7));
        assertThat(latest).containsEntry("messages_has_next", true);

        Map<String, Object> older = getJson(alice, "/api/chats/" + room + "?messages_limit=3&messages_cursor="
                + latest.get("messages_next_cursor"));
        assertThat(ids(older, "messages")).containsExactlyElementsOf(messages.subList(1, 4));

        Map<String, Object> oldest = getJson(alice, "/api/chats/" + room + "?messages_limit=3&messages_cursor="
                + older.get("messages_next_cursor"));
        assertThat(ids(oldest, "messages")).containsExactly(messages.get(0));
        assertThat(oldest).containsEntry("messages_has_next", false).containsEntry("messages_next_cursor", null);

        assertThat(ids(getJson(alice, "/api/chats/" + room), "messages")).containsExactlyElementsOf(messages);
    }

    @Test
    void badMessagePagingParametersAreRefusedWithTheirNames() {
        Session alice = signUp();
        String room = createChat(alice, "room");
        for (String query : List.of("messages_limit=0", "messages_limit=101", "messages_limit=x")) {
            client.get().uri("/api/chats/" + room + "?" + query).header("Authorization", alice.bearer())
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("messages_limit");
        }
        client.get().uri("/api/chats/" + room + "?messages_cursor=nope").header("Authorization", alice.bearer())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("messages_cursor");
    }

    private EntityExchangeResult<Map> page(Session session, String uri) {
        return client.get().uri(uri).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(EntityExchangeResult<Map> result) {
        return result.getResponseBody();
    }
}
