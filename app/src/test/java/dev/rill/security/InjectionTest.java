package dev.rill.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API8 (injection) and API3's mass assignment: hostile strings in every stored text field and every query
 * parameter are stored exactly or refused with a 4xx problem, never a 5xx; none splits a log line; upload file names
 * are never used as paths.
 */
@ExtendWith(OutputCaptureExtension.class)
class InjectionTest extends HttpTest {

    private static final FakeOpenAi PROVIDER = FakeOpenAi.start();

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    private static final String FORGED = "FORGED-LOG-LINE";
    static final List<String> PAYLOADS = List.of(
            "' OR '1'='1' --",
            "Robert'); DROP TABLE users; --",
            "%' OR title ILIKE '%",
            "\\\"}], \"admin\": true, \"x\": [{\"",
            "${jndi:ldap://127.0.0.1/a} #{7*7} {{7*7}} %s%n%x",
            "<script>alert(1)</script>",
            "title\n" + FORGED + " level=ERROR user=admin",
            "title\r\n" + FORGED + ": injected",
            "nul\u0000byte",
            "\u202Eevil\u200B\uFEFF",
            "🐶".repeat(3000),
            "é".repeat(20000));

    /** A text field: writes the payload, and answers what was stored, or null when the write was refused. */
    record Field(String name, BiFunction<Session, String, WebTestClient.ResponseSpec> write, String readPath) {
    }

    @Test
    void hostileTextInEveryStoredFieldIsStoredExactlyOrRefused(CapturedOutput output) {
        Session alice = signUp();
        String chatId = (String) created(post(alice, "/api/chats", Map.of("title", "Room"))).get("id");
        String profileId = (String) created(post(alice, "/api/profiles",
                Map.of("name", "Rex", "species", "dog", "weight_kg", 20, "age_years", 3))).get("id");
        String keyId = (String) created(post(alice, "/api/keys", Map.of("provider", "openai-compatible", "label", "Work",
                "key", "sk-injection-test-key", "base_url", PROVIDER.baseUrl()))).get("id");
        List<Field> fields = List.of(
                new Field("key label", (s, p) -> patch(s, "/api/keys/" + keyId, Map.of("label", p)),
                        "$.keys[0].label"),
                new Field("chat title", (s, p) -> post(s, "/api/chats", Map.of("title", p)), "$.title"),
                new Field("chat rename", (s, p) -> patch(s, "/api/chats/" + chatId, Map.of("title", p)), "$.title"),
                new Field("profile name", (s, p) -> patch(s, "/api/profiles/" + profileId, Map.of("name", p)),
                        "$.name"),
                new Field("profile allergy", (s, p) -> patch(s, "/api/profiles/" + profileId,
                        Map.of("allergies", List.of(p))), "$.allergies[0]"),
                new Field("nickname", (s, p) -> patch(s, "/api/me", Map.of("nickname", p)), "$.nickname"),
                new Field("document title", (s, p) -> post(s, "/api/documents", Map.of("title", p,
                        "content", "Some text")), "$.title"),
                new Field("document content", (s, p) -> post(s, "/api/documents", Map.of("title", "T",
                        "content", p)), "$.content"),
                new Field("knowledge title", (s, p) -> post(s, "/api/knowledge-requests", Map.of("title", p,
                        "content", "c", "reason", "r")), "$.title"),
                new Field("knowledge reason", (s, p) -> post(s, "/api/knowledge-requests", Map.of("content", "c",
                        "reason", p)), "$.reason"));

        List<String> failures = new ArrayList<>();
        for (Field field : fields) {
            for (String payload : PAYLOADS) {
                EntityExchangeResult<String> result = field.write().apply(alice, payload).expectBody(String.class)
                        .returnResult();
                String label = field.name() + " <- " + abbreviate(payload);
                int status = result.getStatus().value();
                if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
                    failures.add(label + ": " + status);
                } else if (status >= 400) {
                    // 415: document text must be UTF-8 without NUL, the rule for uploaded files too.
                    if (status != 400 && status != 413 && status != 415 || !isProblem(result)) {
                        failures.add(label + ": refused as " + status + " " + result.getResponseHeaders()
                                .getContentType());
                    }
                } else {
                    String stored = readBack(alice, field, result);
                    // Documents keep one kind of line break, as DocumentFormats does for uploaded files too.
                    String expected = field.name().equals("document content")
                            ? payload.replace("\r\n", "\n").replace('\r', '\n') : payload;
                    if (!expected.equals(stored)) {
                        failures.add(label + ": stored as " + abbreviate(String.valueOf(stored)));
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertNoForgedLine(output);
    }

    @Test
    void hostileQueryParametersAndHeadersNeverCauseA5xx(CapturedOutput output) {
        Session alice = signUp();
        String chatId = (String) created(post(alice, "/api/chats", Map.of("title", "Room"))).get("id");
        List<String> queries = List.of("/api/chats?q={v}", "/api/recipes?q={v}", "/api/documents/search?q={v}",
                "/api/chats?cursor={v}", "/api/profiles?cursor={v}", "/api/recipes?cursor={v}",
                "/api/documents?cursor={v}", "/api/knowledge-requests?cursor={v}",
                "/api/chats/" + chatId + "?messages_cursor={v}", "/api/documents?scope={v}",
                "/api/knowledge-requests?status={v}", "/api/auth/email-available?email={v}",
                "/api/chats/" + chatId + "/runs/run-0190a0b1-0000-7000-8000-000000000002/events?last_event_id={v}");
        List<String> failures = new ArrayList<>();
        for (String query : queries) {
            for (String payload : PAYLOADS) {
                if (payload.length() > 2000) {
                    continue; // URLs that long are the header-size limit's business (LimitsTest)
                }
                EntityExchangeResult<String> result = client.get().uri(query, payload)
                        .header("Authorization", alice.bearer()).exchange().expectBody(String.class).returnResult();
                int status = result.getStatus().value();
                if (status >= 500 || (status >= 400 && !isProblem(result))) {
                    failures.add(query + " <- " + abbreviate(payload) + ": " + status);
                }
                // Values echoed into headers (Link keeps q and cursor) must not start a header of their own.
                result.getResponseHeaders().forEach((name, values) -> {
                    if (name.equalsIgnoreCase(FORGED)
                            || values.stream().anyMatch(v -> v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0)) {
                        failures.add(query + " <- " + abbreviate(payload) + ": header " + name + " " + values);
                    }
                });
            }
        }
        for (String payload : List.of("1\n2", "-1", "9999999999999999999999", "abc", "1 OR 1=1")) {
            EntityExchangeResult<String> result = client.get()
                    .uri("/api/chats/{c}/runs/run-0190a0b1-0000-7000-8000-000000000002/events", chatId)
                    .header("Authorization", alice.bearer()).header("Last-Event-ID", payload.replace("\n", " "))
                    .exchange().expectBody(String.class).returnResult();
            if (result.getStatus().value() >= 500 || !isProblem(result)) {
                failures.add("Last-Event-ID <- " + payload + ": " + result.getStatus());
            }
        }
        assertThat(failures).isEmpty();
        assertNoForgedLine(output);
    }

    @Test
    void uploadFileNamesAreNeverUsedAsPaths() {
        Session alice = signUp();
        String chatId = (String) created(post(alice, "/api/chats", Map.of("title", "Uploads"))).get("id");
        List<String> names = List.of("../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "C:\\boot.ini", "scan.png\u0000.txt", "....//....//x.png");
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            EntityExchangeResult<String> attachment = Estate.upload(client, alice.bearer(),
                    "/api/chats/" + chatId + "/attachments", name, MediaType.IMAGE_PNG, Estate.png())
                    .expectBody(String.class).returnResult();
            EntityExchangeResult<String> document = Estate.upload(client, alice.bearer(), "/api/documents", name,
                    MediaType.TEXT_PLAIN, "Plain notes about pumpkin.".getBytes()).expectBody(String.class)
                    .returnResult();
            for (EntityExchangeResult<String> result : List.of(attachment, document)) {
                int status = result.getStatus().value();
                if (status >= 500 || (status >= 400 && !isProblem(result))) {
                    failures.add(name + ": " + status);
                } else if (status < 300) {
                    Map<String, Object> body = Estate.JSON.readValue(result.getResponseBody(), Map.class);
                    String stored = String.valueOf(body.getOrDefault("filename", body.get("title")));
                    // Whatever is kept is a label: no directory part survives, so no path can be built from it.
                    if (stored.contains("/") || stored.contains("\\") || stored.contains("\u0000")) {
                        failures.add(name + " stored as " + stored);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private String readBack(Session session, Field field, EntityExchangeResult<String> result) {
        Map<String, Object> body = Estate.JSON.readValue(result.getResponseBody(), Map.class);
        String self = switch (field.name()) {
            case "nickname" -> "/api/me";
            case "key label" -> "/api/keys";
            case "chat title" -> "/api/chats/" + body.get("id");
            case "document title", "document content" -> "/api/documents/" + body.get("id");
            case "knowledge title", "knowledge reason" -> "/api/knowledge-requests/" + body.get("id");
            default -> result.getUrl().getPath();
        };
        // Read it back in a fresh request: what came out of the database, not what the handler echoed.
        String json = client.get().uri(self).header("Authorization", session.bearer()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return com.jayway.jsonpath.JsonPath.read(json, field.readPath());
    }

    private static void assertNoForgedLine(CapturedOutput output) {
        assertThat(output.getAll().lines().filter(line -> line.startsWith(FORGED)).toList())
                .as("log lines that a request value started").isEmpty();
    }

    private static boolean isProblem(EntityExchangeResult<String> result) {
        MediaType type = result.getResponseHeaders().getContentType();
        return type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                && result.getResponseBody() != null && result.getResponseBody().contains("\"type\"");
    }

    private Map<String, Object> created(WebTestClient.ResponseSpec response) {
        return Estate.json(client, response.expectStatus().isCreated());
    }

    private WebTestClient.ResponseSpec post(Session session, String uri, Object body) {
        return client.post().uri(uri).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec patch(Session session, String uri, Object body) {
        return client.patch().uri(uri).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String abbreviate(String s) {
        String printable = s.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "… (" + s.length() + ")";
    }
}
