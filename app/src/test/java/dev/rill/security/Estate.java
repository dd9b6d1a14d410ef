package dev.rill.security;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import dev.rill.recipe.MealProposal;
import dev.rill.recipe.Recipe;
import dev.rill.recipe.RecipeService;
import dev.rill.shared.IdKind;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.HttpTest.Session;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of every kind of object a user can own, made over HTTP as that user would (the recipe through
 * {@link RecipeService}, since only the recipe flow with a real model writes one): the fixture the security tests
 * aim other users, no user and hostile input at.
 */
record Estate(Session owner, String chatId, String runId, String messageId, String attachmentId, String sharedChatId,
              String profileId, String recipeId, String documentId, String requestId, String keyId,
              String keySecret) {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    static final String BOUNDARY = "rill-test-boundary-security-4hQz";

    static Estate of(WebTestClient client, Session owner, RecipeService recipes, FakeOpenAi provider) {
        String bearer = owner.bearer();
        List<Map<String, Object>> turn = turn(client, bearer, "/api/messages", "Can my dog eat pumpkin?");
        Map<String, Object> start = turn.get(0);
        String chatId = (String) start.get("chat_id");
        String attachmentId = (String) json(client, upload(client, bearer, "/api/chats/" + chatId + "/attachments",
                "scan.png", MediaType.IMAGE_PNG, png()).expectStatus().isCreated()).get("id");

        String sharedChatId = (String) turn(client, bearer, "/api/messages", "Shared question").get(0).get("chat_id");
        client.post().uri("/api/chats/{id}/share", sharedChatId).header("Authorization", bearer).exchange()
                .expectStatus().is2xxSuccessful();

        String profileId = (String) json(client, client.post().uri("/api/profiles").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Rex", "species", "dog", "weight_kg", 20, "age_years", 3))
                .exchange().expectStatus().isCreated()).get("id");

        MealProposal proposal = new MealProposal("Pumpkin bowl", 1,
                List.of(new MealProposal.Ingredient("rice", 100)), List.of("Cook."));
        Recipe recipe = recipes.check(proposal, null)
                .flatMap(meal -> recipes.save(IdKind.USER.parse(owner.userId()), null, null, meal))
                .block(Duration.ofSeconds(20));
        String recipeId = IdKind.RECIPE.format(recipe.id());

        String documentId = (String) json(client, client.post().uri("/api/documents").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Owner notes", "content", "Pumpkin is fine for dogs in small amounts."))
                .exchange().expectStatus().isCreated()).get("id");
        String requestId = (String) json(client, client.post().uri("/api/knowledge-requests")
                .header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", "Cats must not eat onions.", "reason", "Common question"))
                .exchange().expectStatus().isCreated()).get("id");

        String secret = "sk-owner-" + UUID.randomUUID().toString().replace("-", "");
        String keyId = (String) json(client, client.post().uri("/api/keys").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("provider", "openai-compatible", "label", "Work", "key", secret,
                        "base_url", provider.baseUrl()))
                .exchange().expectStatus().isCreated()).get("id");
        return new Estate(owner, chatId, (String) start.get("run_id"), (String) start.get("message_id"),
                attachmentId, sharedChatId, profileId, recipeId, documentId, requestId, keyId, secret);
    }

    /** Path variable name → this estate's ID for it. */
    Map<String, String> ids() {
        return Map.of("chatId", chatId, "runId", runId, "attachmentId", attachmentId, "profileId", profileId,
                "recipeId", recipeId, "documentId", documentId, "requestId", requestId, "keyId", keyId,
                "userId", owner.userId());
    }

    /** Sends a message and reads the whole answer; returns each event's JSON, {@code start} first. */
    static List<Map<String, Object>> turn(WebTestClient client, String bearer, String uri, String message) {
        List<ServerSentEvent<String>> events = client.post().uri(uri).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("content", Map.of("message", message)))
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().collectList().block(Duration.ofSeconds(60));
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (ServerSentEvent<String> event : events) {
            if (event.data() != null) {
                parsed.add(JSON.readValue(event.data(), Map.class));
            }
        }
        return parsed;
    }

    static Map<String, Object> json(WebTestClient client, WebTestClient.ResponseSpec response) {
        return response.expectBody(MAP).returnResult().getResponseBody();
    }

    /** A multipart upload with one file part, written by hand (Spring's writer reads /dev/urandom on an event loop). */
    static WebTestClient.ResponseSpec upload(WebTestClient client, String bearer, String uri, String filename,
                                             MediaType type, byte[] bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename + "\"\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        WebTestClient.RequestBodySpec spec = client.post().uri(uri);
        if (bearer != null) {
            spec = spec.header("Authorization", bearer);
        }
        return spec.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
                .bodyValue(body.toByteArray()).exchange();
    }

    /** A real 4×3 PNG, written on the test thread. */
    static byte[] png() {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xCC3344);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
