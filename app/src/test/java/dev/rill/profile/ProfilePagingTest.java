package dev.rill.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Cursor paging of the profile list, the same as chat rooms': results, next_cursor, has_next and a Link header. */
class ProfilePagingTest extends ProfileHttpTest {

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void threePagesOfTwoYieldEveryProfileExactlyOnceNewestFirst() {
        Session alice = signUp();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createId(alice, i % 2 == 0 ? dog("pet " + i) : person("person " + i)));
        }

        EntityExchangeResult<Map> first = page(alice, "/api/profiles?limit=2");
        assertThat(first.getResponseBody()).containsEntry("has_next", true);
        String link = first.getResponseHeaders().getFirst("Link");
        assertThat(link).matches("</api/profiles\\?limit=2&cursor=[A-Za-z0-9_-]+>; rel=\"next\"");
        EntityExchangeResult<Map> second = page(alice, link.substring(1, link.indexOf('>')));
        EntityExchangeResult<Map> third = page(alice,
                "/api/profiles?limit=2&cursor=" + second.getResponseBody().get("next_cursor"));
        assertThat(third.getResponseBody()).containsEntry("has_next", false).containsEntry("next_cursor", null);
        assertThat(third.getResponseHeaders().get("Link")).isNull();

        List<String> seen = new ArrayList<>();
        for (EntityExchangeResult<Map> page : List.of(first, second, third)) {
            seen.addAll(ids((Map<String, Object>) page.getResponseBody()));
        }
        Collections.reverse(created);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void isoTimeCursorBeforeEverythingGivesAnEmptyPage() {
        Session alice = signUp();
        createId(alice, dog("Bori"));
        assertThat(getJson(alice, "/api/profiles?cursor=2000-01-01T00:00:00Z"))
                .containsEntry("results", List.of()).containsEntry("has_next", false);
    }

    @SuppressWarnings("rawtypes")
    private EntityExchangeResult<Map> page(Session session, String uri) {
        return client.get().uri(uri).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult();
    }
}
