package dev.rill.recipe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.ImageAnswer;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import dev.rill.support.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pictures of recipes with an image model configured (the fake OpenAI server's images endpoint): drawn after the
 * turn, announced to followers as {@code recipe_image} after {@code end}, stored, and served with an ETag; failures
 * and answers that are not pictures leave the SVG card in place and never fail the turn.
 */
class RecipeImageTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    private static final String MEAL = "{\"title\": \"Salmon rice bowl\", \"servings\": 1, \"ingredients\": ["
            + "{\"name\": \"brown rice\", \"grams\": 75}, {\"name\": \"salmon\", \"grams\": 120}], "
            + "\"steps\": [\"Cook the rice.\", \"Steam the salmon.\"]}";

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
        registry.add("rill.graph.fast-path-threshold", () -> "1.0");
        registry.add("rill.recipe.images.model", () -> "dall-e-3");
        registry.add("rill.recipe.images.size", () -> "1024x1024");
        // One at a time, so that a second recipe while a slow picture is drawn shows what saturation does.
        registry.add("rill.recipe.images.max-in-flight", () -> "1");
        // Long enough that a loaded CI machine still draws the 2–6 s pictures below within it.
        registry.add("rill.stream.follow-up-window", () -> "10s");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @Autowired
    DatabaseClient db;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
    }

    /** An event and when it arrived. */
    private record Arrived(long nanos, String id, Map<String, Object> event) {
        String type() {
            return (String) event.get("type");
        }
    }

    private void scriptRecipeTurn() {
        OPENAI.enqueue(
                Script.toolCall("call_1", "recipe", "{\"reason\":\"wants something to cook\"}").usage(50, 6),
                Script.reply(MEAL.substring(0, 40), MEAL.substring(40)).usage(120, 60),
                Script.reply("A light ", "bowl.").usage(200, 4));
    }

    private List<Arrived> recipeTurn(Session session) {
        return recipeTurn(session, false);
    }

    /** A recipe turn over HTTP, read to the end of the stream, or only up to {@code end}. */
    @SuppressWarnings("unchecked")
    private List<Arrived> recipeTurn(Session session, boolean stopAtEnd) {
        scriptRecipeTurn();
        return client.post().uri("/api/messages").header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", "Something with salmon tonight?")))
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .map(e -> new Arrived(System.nanoTime(), e.id(),
                        (Map<String, Object>) JSON.readValue(e.data(), Map.class)))
                .takeUntil(e -> stopAtEnd && "end".equals(e.type()))
                .collectList().block(Duration.ofSeconds(30));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> resume(Session session, List<Arrived> untilEnd) {
        Arrived start = untilEnd.get(0);
        return client.get()
                .uri("/api/chats/{chat}/runs/{run}/events", start.event().get("chat_id"), start.event().get("run_id"))
                .header("Authorization", session.bearer())
                .header("Last-Event-ID", untilEnd.get(untilEnd.size() - 1).id())
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .map(e -> (Map<String, Object>) JSON.readValue(e.data(), Map.class))
                .collectList().block(Duration.ofSeconds(30));
    }

    private static Arrived only(List<Arrived> events, String type) {
        List<Arrived> found = events.stream().filter(e -> type.equals(e.type())).toList();
        assertThat(found).as(type + " events").hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Arrived end) {
        return (Map<String, Object>) end.event().get("result");
    }

    private long storedPictures(String recipeId) {
        return db.sql("SELECT count(*) FROM recipe_images WHERE recipe_id = :id")
                .bind("id", IdKind.RECIPE.parse(recipeId)).map(row -> row.get(0, Long.class)).one().block();
    }

    private List<FakeOpenAi.Recorded> imageRequests() {
        return OPENAI.requests().stream().filter(r -> r.path().endsWith("/images/generations")).toList();
    }

    @Test
    void pictureIsDrawnAfterEndAndReachesTheClientStillFollowing() {
        OPENAI.images(ImageAnswer.png().delayed(Duration.ofMillis(2000)));
        Session session = signUp();

        List<Arrived> events = recipeTurn(session);

        Arrived end = only(events, "end");
        Arrived picture = only(events, "recipe_image");
        String recipeId = (String) only(events, "new_recipe_message").event().get("recipe_id");
        assertThat(result(end)).containsEntry("status", "complete").containsEntry("recipe_image", "pending");
        assertThat(events.get(events.size() - 1)).isSameAs(picture);
        // The endpoint took 2 s: end came well before the picture, so drawing did not hold it up. (Only a lower
        // bound, and with slack for a loaded machine delaying end's delivery.)
        assertThat(Duration.ofNanos(picture.nanos() - end.nanos())).isGreaterThan(Duration.ofMillis(1000));
        assertThat(picture.event()).containsEntry("recipe_id", recipeId).containsEntry("status", "ready")
                .containsEntry("url", "/api/recipes/" + recipeId + "/image")
                .containsEntry("content_type", "image/png");
        assertThat(Long.parseLong(picture.id())).isEqualTo(Long.parseLong(end.id()) + 1);
        assertThat(storedPictures(recipeId)).isEqualTo(1);

        FakeOpenAi.Recorded request = imageRequests().get(0);
        assertThat(request.json()).containsEntry("model", "dall-e-3").containsEntry("response_format", "b64_json")
                .containsEntry("size", "1024x1024");
        assertThat((String) request.json().get("prompt")).contains("Salmon rice bowl", "salmon", "brown rice");
    }

    @Test
    void storedPictureIsServedWithAStrongETagAndRevalidatesTo304ForItsOwnerOnly() {
        Session session = signUp();
        List<Arrived> events = recipeTurn(session);
        String url = (String) only(events, "recipe_image").event().get("url");

        EntityExchangeResult<byte[]> got = client.get().uri(url).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectHeader().contentType("image/png")
                .expectBody(byte[].class).returnResult();
        assertThat(got.getResponseBody()).isEqualTo(ImageAnswer.PNG);
        String etag = got.getResponseHeaders().getETag();
        assertThat(etag).isEqualTo("\"" + RecipePictures.sha256(ImageAnswer.PNG) + "\"");
        assertThat(got.getResponseHeaders().getCacheControl()).contains("private").doesNotContain("public");

        client.get().uri(url).header("Authorization", session.bearer()).header("If-None-Match", etag)
                .exchange().expectStatus().isNotModified().expectHeader().valueEquals("ETag", etag)
                .expectBody().isEmpty();
        client.get().uri(url).header("Authorization", session.bearer()).header("If-None-Match", "\"other\"")
                .exchange().expectStatus().isOk();

        Session stranger = signUp();
        Problems.expectProblem(client.get().uri(url).header("Authorization", stranger.bearer()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void resumingAfterEndWithLastEventIdDeliversTheRecipeImage() {
        OPENAI.images(ImageAnswer.png().delayed(Duration.ofMillis(1500)));
        Session session = signUp();

        // This client stops reading at end, as clients did before pictures.
        List<Arrived> untilEnd = recipeTurn(session, true);
        Arrived end = untilEnd.get(untilEnd.size() - 1);
        assertThat(end.type()).isEqualTo("end");
        assertThat(result(end)).containsEntry("recipe_image", "pending");

        List<Map<String, Object>> rest = resume(session, untilEnd);
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0)).containsEntry("type", "recipe_image").containsEntry("status", "ready");
    }

    @Test
    void recipeSavedWhileEveryDrawingSlotIsBusyIsSkippedAndCounted() {
        // Long, so that the second turn certainly ends while the first picture is still being drawn.
        OPENAI.images(ImageAnswer.png().delayed(Duration.ofSeconds(6)));
        double skippedBefore = meters.counter(RecipePictures.METRIC, "outcome", "skipped").count();
        Session session = signUp();
        List<Arrived> first = recipeTurn(session, true);

        // The first picture is still being drawn (6 s): the only slot is taken.
        List<Arrived> second = recipeTurn(session);

        assertThat(result(only(second, "end"))).containsEntry("recipe_image", "pending");
        assertThat(only(second, "recipe_image").event()).containsEntry("status", "skipped")
                .containsEntry("content_type", "image/svg+xml");
        assertThat(meters.counter(RecipePictures.METRIC, "outcome", "skipped").count()).isEqualTo(skippedBefore + 1);
        assertThat(imageRequests()).hasSize(1);
        // The first one still arrives (and frees the slot for the tests after this one).
        assertThat(resume(session, first)).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("status", "ready"));
    }

    @Test
    void pictureSlowerThanTheFollowUpWindowClosesTheStreamAsNotReadyAndIsStoredLater() throws InterruptedException {
        OPENAI.images(ImageAnswer.png().delayed(Duration.ofSeconds(15)));
        Session session = signUp();

        List<Arrived> events = recipeTurn(session);

        Arrived end = only(events, "end");
        Arrived late = only(events, "recipe_image");
        assertThat(late.event()).containsEntry("status", "not_ready").containsEntry("content_type", "image/svg+xml");
        // The window is 10 s; only its lower side is timing-safe on a loaded machine.
        assertThat(Duration.ofNanos(late.nanos() - end.nanos())).isGreaterThan(Duration.ofMillis(8000));
        String recipeId = (String) only(events, "new_recipe_message").event().get("recipe_id");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (storedPictures(recipeId) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(storedPictures(recipeId)).as("stored after the stream closed").isEqualTo(1);
        client.get().uri("/api/recipes/{id}/image", recipeId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectHeader().contentType("image/png");
    }

    @Test
    void failingImageEndpointStillCompletesTheTurnAndLeavesTheSvgCard() {
        OPENAI.images(ImageAnswer.error(500));
        Session session = signUp();

        List<Arrived> events = recipeTurn(session);

        assertThat(result(only(events, "end"))).containsEntry("status", "complete")
                .containsEntry("recipe_image", "pending");
        assertThat(only(events, "recipe_image").event()).containsEntry("status", "failed")
                .containsEntry("content_type", "image/svg+xml");
        assertThat(imageRequests()).hasSize(1);
        String recipeId = (String) only(events, "new_recipe_message").event().get("recipe_id");
        assertThat(storedPictures(recipeId)).isZero();
        byte[] card = client.get().uri("/api/recipes/{id}/image", recipeId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("image/svg+xml")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("default-src 'none'"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(card, StandardCharsets.UTF_8)).contains("Salmon rice bowl");
    }

    @Test
    void bytesThatAreNotAPictureAreNotStored() {
        OPENAI.images(ImageAnswer.bytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"
                .getBytes(StandardCharsets.UTF_8)));
        Session session = signUp();

        List<Arrived> events = recipeTurn(session);

        assertThat(only(events, "recipe_image").event()).containsEntry("status", "failed");
        String recipeId = (String) only(events, "new_recipe_message").event().get("recipe_id");
        assertThat(storedPictures(recipeId)).isZero();
        client.get().uri("/api/recipes/{id}/image", recipeId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith("image/svg+xml");
    }

    @Test
    void answerWithOnlyAUrlIsNotFetchedOrStored() {
        OPENAI.images(ImageAnswer.urlOnly(OPENAI.baseUrl() + "/files/picture.png"));
        Session session = signUp();

        List<Arrived> events = recipeTurn(session);

        assertThat(only(events, "recipe_image").event()).containsEntry("status", "failed");
        assertThat(storedPictures((String) only(events, "new_recipe_message").event().get("recipe_id"))).isZero();
        assertThat(OPENAI.requests()).noneMatch(r -> r.path().contains("/files/"));
    }

    @Test
    void malformedRecipeIdIsA400Problem() {
        Session session = signUp();
        Problems.expectProblem(client.get().uri("/api/recipes/{id}/image", "recipe-" + UUID.randomUUID() + "x")
                .header("Authorization", session.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
    }
}
