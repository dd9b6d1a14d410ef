package dev.rill.security;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.rill.recipe.RecipeService;
import dev.rill.support.FakeOpenAi;
import dev.rill.support.HttpTest;
import dev.rill.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API3 (excessive data exposure): everything the owner, a stranger and an anonymous reader can GET is crawled
 * and searched for secrets that must never leave the server, and for internal field names.
 */
class DataExposureTest extends HttpTest {

    private static final FakeOpenAi PROVIDER = FakeOpenAi.start();
    /**
     * Field names that would mean a row was serialised as it is stored. {@code owner_id}/{@code user_id} are not here:
     * documents and knowledge requests name their author on purpose (api.md), so other users' IDs are checked by
     * value instead.
     */
    private static final Set<String> INTERNAL_FIELDS = Set.of("password", "password_hash", "passwordhash",
            "secret", "ciphertext", "kek_id", "token_hash", "refresh_token_hash", "phone_code", "embedding",
            "failed_attempts", "password_changed_at");

    @Autowired
    RecipeService recipes;

    @Autowired
    DatabaseClient db;

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void noResponseCarriesHashesKeysSigningMaterialOrAnotherUsersData() {
        Session alice = signUp();
        Estate estate = Estate.of(client, alice, recipes, PROVIDER);
        Session bob = signUp();
        // Bob's own key, so that "another user's key" is something that exists.
        String bobsSecret = "sk-bob-" + UUID.randomUUID().toString().replace("-", "");
        client.post().uri("/api/keys").header("Authorization", bob.bearer())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("provider", "openai-compatible", "label", "Bob", "key", bobsSecret,
                        "base_url", PROVIDER.baseUrl())).exchange().expectStatus().isCreated();

        List<String> forbidden = new ArrayList<>(List.of("$2a$", "$2b$", "$2y$", "PRIVATE KEY", estate.keySecret(),
                bobsSecret, bob.email(), bob.userId(), bob.refreshToken(), alice.refreshToken()));
        forbidden.add(passwordHash(alice.userId()));
        forbidden.add(passwordHash(bob.userId()));
        forbidden.addAll(ciphertexts());
        // Any 40 characters of the PEM body of Rill's signing key.
        String pem = Base64.getEncoder().encodeToString(TestKeys.RILL.getPrivate().getEncoded());
        for (int i = 0; i + 40 <= pem.length(); i += 200) {
            forbidden.add(pem.substring(i, i + 40));
        }

        Map<String, String> owners = crawl(alice.bearer(), List.of("/api/me", "/api/chats",
                "/api/chats/" + estate.chatId(), "/api/chats/" + estate.sharedChatId(),
                "/api/chats/" + estate.chatId() + "/attachments",
                "/api/chats/" + estate.chatId() + "/attachments/" + estate.attachmentId(),
                "/api/chats/" + estate.chatId() + "/runs/" + estate.runId() + "/events",
                "/api/profiles", "/api/profiles/" + estate.profileId(), "/api/recipes",
                "/api/recipes/" + estate.recipeId(), "/api/documents", "/api/documents/" + estate.documentId(),
                "/api/documents/search?q=pumpkin", "/api/knowledge-requests",
                "/api/knowledge-requests/" + estate.requestId(), "/api/keys", "/api/keys/" + estate.keyId() + "/usage",
                "/api/usage", "/api/quota", "/api/shared/" + estate.sharedChatId()));
        Map<String, String> publicViews = crawl(null, List.of("/api/shared/" + estate.sharedChatId(),
                "/.well-known/jwks.json", "/v3/api-docs", "/actuator/health", "/actuator/info",
                "/actuator/prometheus"));
        Map<String, String> strangers = crawl(bob.bearer(), List.of("/api/shared/" + estate.sharedChatId(),
                "/api/chats", "/api/documents/search?q=pumpkin", "/api/recipes", "/api/keys"));

        List<String> leaks = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        owners.forEach((uri, body) -> all.put("alice " + uri, body));
        publicViews.forEach((uri, body) -> all.put("anonymous " + uri, body));
        strangers.forEach((uri, body) -> all.put("bob " + uri, body));
        all.forEach((where, body) -> forbidden.forEach(secret -> {
            if (body.contains(secret)) {
                leaks.add(where + " contains " + abbreviate(secret));
            }
        }));
        // What the owner's shared room shows the world must not name the owner either.
        for (Map.Entry<String, String> view : all.entrySet()) {
            if (!view.getKey().startsWith("alice ")) {
                for (String owner : List.of(alice.email(), alice.userId())) {
                    if (view.getValue().contains(owner)) {
                        leaks.add(view.getKey() + " names the owner: " + owner);
                    }
                }
            }
        }
        owners.forEach((uri, body) -> internalFields(uri, body, leaks));
        strangers.forEach((uri, body) -> internalFields(uri, body, leaks));
        assertThat(leaks).isEmpty();
        // The JWKS publishes the public half only.
        assertThat(publicViews.get("/.well-known/jwks.json")).contains("\"n\"").doesNotContain("\"d\"")
                .doesNotContain("\"p\"").doesNotContain("\"q\"");
    }

    @Test
    void fieldsAClientMustNotSetAreRefusedNotIgnored() {
        Session alice = signUp();
        Session bob = signUp();
        String chatId = (String) Estate.json(client, client.post().uri("/api/chats")
                .header("Authorization", alice.bearer()).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Mine")).exchange().expectStatus().isCreated()).get("id");
        List<Object[]> attempts = List.of(
                new Object[] {"PATCH", "/api/me", Map.of("nickname", "Al", "role", "admin")},
                new Object[] {"PATCH", "/api/me", Map.of("nickname", "Al", "roles", List.of("admin"))},
                new Object[] {"PATCH", "/api/me", Map.of("nickname", "Al", "email", bob.email())},
                new Object[] {"POST", "/api/chats", Map.of("title", "x", "user_id", bob.userId())},
                new Object[] {"PATCH", "/api/chats/" + chatId, Map.of("title", "x", "id", "chat-" + UUID.randomUUID())},
                new Object[] {"POST", "/api/documents", Map.of("title", "x", "content", "y", "owner_id", bob.userId())},
                new Object[] {"POST", "/api/knowledge-requests", Map.of("content", "c", "reason", "r",
                        "status", "applied")},
                new Object[] {"POST", "/api/auth/signup", Map.of("email", uniqueEmail(), "password", PASSWORD,
                        "nickname", "Eve", "role", "admin")});
        for (Object[] attempt : attempts) {
            dev.rill.support.Problems.expectProblem(client.method(org.springframework.http.HttpMethod.valueOf(
                            (String) attempt[0])).uri((String) attempt[1]).header("Authorization", alice.bearer())
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(attempt[2])
                    .exchange(), org.springframework.http.HttpStatus.BAD_REQUEST, "unknown-field");
        }
        client.get().uri("/api/me").header("Authorization", alice.bearer()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.email").isEqualTo(alice.email()).jsonPath("$.nickname").isEqualTo("Tester")
                .jsonPath("$.roles[?(@ == 'admin')]").isEmpty();
    }

    private Map<String, String> crawl(String bearer, List<String> uris) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String uri : uris) {
            var spec = client.get().uri(uri);
            if (bearer != null) {
                spec = spec.header("Authorization", bearer);
            }
            String body = spec.exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                    .getResponseBody();
            bodies.put(uri, body == null ? "" : body);
        }
        return bodies;
    }

    private void internalFields(String uri, String body, List<String> leaks) {
        if (uri.endsWith("/events") || uri.startsWith("/actuator/prometheus") || !body.startsWith("{")) {
            return;
        }
        Set<String> names = new TreeSet<>();
        collect(Estate.JSON.readTree(body), names);
        names.retainAll(INTERNAL_FIELDS);
        if (!names.isEmpty()) {
            leaks.add(uri + " has internal fields " + names);
        }
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                names.add(name.toLowerCase());
                collect(node.get(name), names);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }

    private String passwordHash(String userId) {
        return db.sql("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", dev.rill.shared.IdKind.USER.parse(userId))
                .map(row -> row.get(0, String.class)).one().block(java.time.Duration.ofSeconds(20));
    }

    /** Every stored key ciphertext, as base64 and hex: the forms a careless serialiser would write. */
    private List<String> ciphertexts() {
        List<byte[]> secrets = db.sql("SELECT secret FROM user_keys").map(row -> row.get(0, byte[].class)).all()
                .collectList().block(java.time.Duration.ofSeconds(20));
        List<String> forms = new ArrayList<>();
        for (byte[] secret : secrets) {
            forms.add(Base64.getEncoder().encodeToString(secret).substring(0, 24));
            forms.add(HexFormat.of().formatHex(secret).substring(0, 24));
        }
        return forms;
    }

    private static String abbreviate(String secret) {
        return secret.length() <= 12 ? secret : secret.substring(0, 12) + "…";
    }
}
