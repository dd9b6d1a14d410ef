package dev.rill.chat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/chats?q=}: titles and message text, ignoring case, the caller's rooms only. */
class ChatSearchTest extends ChatHttpTest {

    @Test
    void searchMatchesTitlesIgnoringCase() {
        Session alice = signUp();
        String salmon = createChat(alice, "Salmon for dogs");
        createChat(alice, "Cat food");

        assertThat(ids(search(alice, "SALMON"), "results")).containsExactly(salmon);
        assertThat(ids(search(alice, "for DO"), "results")).containsExactly(salmon);
    }

    @Test
    void searchMatchesMessageText() {
        Session alice = signUp();
        String pumpkin = createChat(alice, "Room A");
        String other = createChat(alice, "Room B");
        chats.append(user(alice), chat(pumpkin), List.of(NewMessage.text(MessageRole.USER, "Can my puppy eat it?"),
                NewMessage.text(MessageRole.ASSISTANT, "Plain cooked PUMPKIN is fine in small amounts."))).blockLast();
        chats.append(user(alice), chat(other), NewMessage.text(MessageRole.USER, "Carrots?")).block();

        assertThat(ids(search(alice, "pumpkin"), "results")).containsExactly(pumpkin);
        assertThat(ids(search(alice, "puppy"), "results")).containsExactly(pumpkin);
        assertThat(getJson(alice, "/api/chats/" + pumpkin)).containsEntry("title", "Room A");
    }

    @Test
    void searchMatchesKoreanText() {
        Session alice = signUp();
        String food = createChat(alice, "강아지 사료 추천");
        createChat(alice, "고양이 간식");
        assertThat(ids(search(alice, "사료"), "results")).containsExactly(food);
    }

    @Test
    void likeWildcardsInTheQueryMatchOnlyThemselves() {
        Session alice = signUp();
        String percent = createChat(alice, "100% natural");
        createChat(alice, "1000 natural");
        String underscore = createChat(alice, "snake_case");
        createChat(alice, "snakeXcase");
        String backslash = createChat(alice, "C:\\pets");
        createChat(alice, "C:pets");

        assertThat(ids(search(alice, "100%"), "results")).containsExactly(percent);
        assertThat(ids(search(alice, "e_c"), "results")).containsExactly(underscore);
        assertThat(ids(search(alice, "C:\\p"), "results")).containsExactly(backslash);
        assertThat(ids(search(alice, "%"), "results")).containsExactly(percent);
    }

    @Test
    void searchSeesOnlyTheCallersRooms() {
        Session alice = signUp();
        Session bob = signUp();
        String mine = createChat(alice, "Secret recipe");
        createChat(bob, "Secret recipe");
        assertThat(ids(search(alice, "secret"), "results")).containsExactly(mine);
    }

    @Test
    void searchResultsArePagedAndTheLinkKeepsTheQuery() {
        Session alice = signUp();
        String first = createChat(alice, "kibble one");
        String second = createChat(alice, "kibble two");
        String third = createChat(alice, "kibble & more");
        createChat(alice, "unrelated");

        var result = client.get().uri("/api/chats?q={q}&limit=2", "Kibble").header("Authorization", alice.bearer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
        assertThat(ids(castMap(result.getResponseBody()), "results")).containsExactly(third, second);
        String link = result.getResponseHeaders().getFirst("Link");
        assertThat(link).contains("q=Kibble").contains("limit=2");

        Map<String, Object> next = getJson(alice, link.substring(1, link.indexOf('>')));
        assertThat(ids(next, "results")).containsExactly(first);
        assertThat(next).containsEntry("has_next", false);

        // A query with '&' and spaces survives the Link header's encoding.
        var ampersand = client.get().uri("/api/chats?q={q}&limit=1", "kibble & ").header("Authorization",
                alice.bearer()).exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
        assertThat(ids(castMap(ampersand.getResponseBody()), "results")).containsExactly(third);
    }

    @Test
    void blankQueryListsEverything() {
        Session alice = signUp();
        createChat(alice, "a");
        createChat(alice, "b");
        assertThat(ids(getJson(alice, "/api/chats?q={q}", "  "), "results")).hasSize(2);
    }

    @Test
    void overlongQueryIsRefused() {
        Session alice = signUp();
        client.get().uri("/api/chats?q={q}", "x".repeat(201)).header("Authorization", alice.bearer())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "validation")
                .jsonPath("$.errors[0].field").isEqualTo("q");
    }

    private Map<String, Object> search(Session session, String query) {
        return getJson(session, "/api/chats?q={q}", query);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
