package dev.rill.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rill.recipe.RecipeService;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.BASE;
import static dev.rill.support.Problems.expectUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API1 (broken object-level authorization) and API5 (function-level): every route that takes an object ID,
 * called by another user with the owner's IDs, answers 404 (admin routes 403) with a problem, and changes nothing.
 * The table must list every templated path in the OpenAPI document, so a new route cannot slip past it.
 */
class ObjectLevelAuthorizationTest extends HttpTest {

    private static final FakeOpenAi PROVIDER = FakeOpenAi.start();

    /** A route, a body that would be valid if the caller owned the object, and what a stranger must get. */
    record Route(HttpMethod method, String path, Object body, HttpStatus stranger) {
        String key() {
            return method.name() + " " + path;
        }
    }

    private static final Map<String, Object> MESSAGE = Map.of("content", Map.of("message", "hello"));

    static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.GET, "/api/chats/{chatId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.PATCH, "/api/chats/{chatId}", Map.of("title", "taken"), HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/chats/{chatId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/chats/{chatId}/enter", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/chats/{chatId}/leave", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/chats/{chatId}/messages", MESSAGE, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/chats/{chatId}/runs/{runId}/events", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/chats/{chatId}/runs/{runId}/cancel", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/chats/{chatId}/share", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/chats/{chatId}/share", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/shared/{chatId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/shared/{chatId}/fork", Map.of(), HttpStatus.NOT_FOUND),
            new Route(HttpMethod.POST, "/api/chats/{chatId}/attachments", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/chats/{chatId}/attachments", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/chats/{chatId}/attachments/{attachmentId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/chats/{chatId}/attachments/{attachmentId}/content", null,
                    HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/chats/{chatId}/attachments/{attachmentId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/profiles/{profileId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.PATCH, "/api/profiles/{profileId}", Map.of("name", "Taken"), HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/profiles/{profileId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/recipes/{recipeId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/recipes/{recipeId}/image", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/documents/{documentId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/documents/{documentId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/knowledge-requests/{requestId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.PATCH, "/api/knowledge-requests/{requestId}", Map.of("title", "Taken"),
                    HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/knowledge-requests/{requestId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.PATCH, "/api/keys/{keyId}", Map.of("label", "Taken"), HttpStatus.NOT_FOUND),
            new Route(HttpMethod.DELETE, "/api/keys/{keyId}", null, HttpStatus.NOT_FOUND),
            new Route(HttpMethod.GET, "/api/keys/{keyId}/usage", null, HttpStatus.NOT_FOUND),
            // Admin routes: a user who is not an admin is refused before any ID is looked at.
            new Route(HttpMethod.POST, "/api/admin/knowledge-requests/{requestId}/apply", null, HttpStatus.FORBIDDEN),
            new Route(HttpMethod.POST, "/api/admin/knowledge-requests/{requestId}/reject", null, HttpStatus.FORBIDDEN),
            new Route(HttpMethod.PUT, "/api/admin/users/{userId}/quota", Map.of("daily_turns", 1000),
                    HttpStatus.FORBIDDEN));

    /** Templated routes whose variable names no user's object, and why they are not in the table. */
    static final Map<String, String> NOT_OBJECTS = Map.of(
            "POST /api/auth/oidc/{provider}", "a configured provider's name, the same for everyone");

    @Autowired
    RecipeService recipes;

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void everyRouteWithAPathVariableIsInTheTable() {
        Map<String, Object> api = Estate.json(client, client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) api.get("paths");
        Set<String> templated = new TreeSet<>();
        paths.forEach((path, operations) -> {
            if (path.contains("{")) {
                operations.keySet().forEach(method -> templated.add(method.toUpperCase() + " " + path));
            }
        });
        Set<String> listed = new TreeSet<>(NOT_OBJECTS.keySet());
        ROUTES.forEach(route -> listed.add(route.key()));

        assertThat(templated).as("routes with path variables: add new ones to ROUTES (or NOT_OBJECTS)")
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void anotherUserGetsNotFoundForEveryObjectAndNothingChanges() {
        Session alice = signUp();
        Estate estate = Estate.of(client, alice, recipes, PROVIDER);
        Session bob = signUp();
        String bobsChat = (String) Estate.json(client, client.post().uri("/api/chats")
                .header("Authorization", bob.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Bob's room")).exchange().expectStatus().isCreated()).get("id");
        Map<String, String> before = snapshot(estate);

        List<String> failures = new ArrayList<>();
        for (Route route : ROUTES) {
            check(route, estate.ids(), bob.bearer(), route.stranger(), failures);
            // A room of the caller's own must not open the door to another user's run or attachment in it.
            if (route.path().startsWith("/api/chats/{chatId}/") && route.path().split("\\{").length > 2) {
                Map<String, String> mixed = new java.util.HashMap<>(estate.ids());
                mixed.put("chatId", bobsChat);
                check(route, mixed, bob.bearer(), route.stranger(), failures);
            }
        }
        assertThat(failures).as("routes that answered a stranger wrongly").isEmpty();
        assertThat(snapshot(estate)).as("the owner's objects after the stranger's calls").isEqualTo(before);
    }

    @Test
    void noTokenIsUnauthorizedOnEveryObjectRoute() {
        Session alice = signUp();
        Map<String, String> ids = new java.util.HashMap<>(Map.of("chatId", "chat-" + java.util.UUID.randomUUID(),
                "runId", "run-" + java.util.UUID.randomUUID(), "attachmentId",
                "att-" + java.util.UUID.randomUUID(), "profileId", "pet-" + java.util.UUID.randomUUID(),
                "recipeId", "recipe-" + java.util.UUID.randomUUID(), "documentId", "doc-" + java.util.UUID.randomUUID(),
                "requestId", "kreq-" + java.util.UUID.randomUUID(), "keyId", "key-" + java.util.UUID.randomUUID(),
                "userId", alice.userId()));
        List<String> failures = new ArrayList<>();
        for (Route route : ROUTES) {
            if (route.key().equals("GET /api/shared/{chatId}")) {
                continue; // public by design: an unshared or unknown room is 404 to everyone (checked above)
            }
            WebTestClient.ResponseSpec response = send(route, ids, null);
            try {
                expectUnauthorized(response);
            } catch (AssertionError e) {
                failures.add(route.key() + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }

    private void check(Route route, Map<String, String> ids, String bearer, HttpStatus expected,
                       List<String> failures) {
        WebTestClient.ResponseSpec response = send(route, ids, bearer);
        try {
            Map<String, Object> problem = response.expectStatus().isEqualTo(expected)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(Estate.MAP).returnResult().getResponseBody();
            assertThat(problem).containsEntry("status", expected.value());
            assertThat((String) problem.get("type")).startsWith(BASE);
        } catch (AssertionError e) {
            failures.add(route.key() + " with " + ids.get("chatId") + ": " + e.getMessage());
        }
    }

    private WebTestClient.ResponseSpec send(Route route, Map<String, String> ids, String bearer) {
        String uri = expand(route.path(), ids);
        if (route.path().endsWith("/attachments") && route.method() == HttpMethod.POST) {
            return Estate.upload(client, bearer, uri, "x.png", MediaType.IMAGE_PNG, Estate.png());
        }
        WebTestClient.RequestBodySpec spec = client.method(route.method()).uri(uri);
        if (bearer != null) {
            spec = spec.header("Authorization", bearer);
        }
        if (route.body() != null) {
            return spec.contentType(MediaType.APPLICATION_JSON).bodyValue(route.body()).exchange();
        }
        return spec.exchange();
    }

    static String expand(String template, Map<String, String> ids) {
        Matcher matcher = Pattern.compile("\\{(\\w+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String id = ids.get(matcher.group(1));
            assertThat(id).as("an ID for {%s}", matcher.group(1)).isNotNull();
            matcher.appendReplacement(out, id);
        }
        return matcher.appendTail(out).toString();
    }

    /** What the owner sees of every object, to compare before and after. */
    private Map<String, String> snapshot(Estate estate) {
        Map<String, String> seen = new java.util.TreeMap<>();
        for (String uri : List.of("/api/chats/" + estate.chatId(), "/api/chats/" + estate.sharedChatId(),
                "/api/chats/" + estate.chatId() + "/attachments/" + estate.attachmentId(),
                "/api/profiles/" + estate.profileId(), "/api/recipes/" + estate.recipeId(),
                "/api/documents/" + estate.documentId(), "/api/knowledge-requests/" + estate.requestId(),
                "/api/keys", "/api/keys/" + estate.keyId() + "/usage")) {
            seen.put(uri, client.get().uri(uri).header("Authorization", estate.owner().bearer()).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        }
        seen.put("/api/shared/" + estate.sharedChatId(), client.get().uri("/api/shared/" + estate.sharedChatId())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        return seen;
    }
}
