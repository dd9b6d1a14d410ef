package dev.rill.auth;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The web client's static files load without a token; nothing else under / does. */
class WebPageAccessTest extends HttpTest {

    @Test
    void servesTheWebPageAtTheRootWithoutAToken() {
        String page = client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("<script src=\"app.js\" defer></script>", "<link rel=\"stylesheet\" href=\"app.css\">");
    }

    @Test
    void servesThePagesOwnFilesWithoutAToken() {
        client.get().uri("/index.html").exchange().expectStatus().isOk();
        client.get().uri("/app.js").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript");
        client.get().uri("/app.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");
        client.get().uri("/favicon.svg").exchange().expectStatus().isOk();
    }

    @Test
    void keepsEveryOtherPathBehindTheToken() {
        client.get().uri("/other.js").exchange().expectStatus().isUnauthorized();
        client.post().uri("/").exchange().expectStatus().isUnauthorized();
    }
}
