package dev.rill.attachment;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.rill.support.FakeOpenAi;
import dev.rill.support.FakeOpenAi.Script;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.json.JsonMapper;

import static dev.rill.attachment.Attachments.createRoom;
import static dev.rill.attachment.Attachments.image;
import static dev.rill.attachment.Attachments.json;
import static dev.rill.attachment.Attachments.upload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room's next turn takes its pending images: the basic flow sends them to the model as base64 image content, once,
 * and an attachment uploaded with {@code analysis=true} is first read into rows that are stored and streamed.
 */
class AttachmentTurnTest extends HttpTest {

    private static final FakeOpenAi OPENAI = FakeOpenAi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("rill.llm.base-url", OPENAI::baseUrl);
        registry.add("rill.llm.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopUpstream() {
        OPENAI.close();
    }

    @BeforeEach
    void resetUpstream() {
        OPENAI.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void nextTurnSendsThePendingImageAsBase64ImageContentOnce() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] png = image("png");
        String id = (String) json(upload(client, ada.bearer(), chat, "rash.png", MediaType.IMAGE_PNG, png)
                .expectStatus().isCreated()).get("id");
        OPENAI.enqueue(Script.reply("A small ", "red dot.").usage(300, 4));

        List<Map<String, Object>> events = turn(ada, chat, "What is in this picture?");

        assertThat(events).extracting(e -> e.get("type")).containsSubsequence("start", "basic_flow", "end");
        Map<String, Object> choice = (Map<String, Object>) events.stream()
                .filter(e -> "tool_selection".equals(e.get("type")) && e.get("content") instanceof Map).findFirst()
                .orElseThrow().get("content");
        assertThat(choice).containsEntry("tool", "basic");
        assertThat(OPENAI.requests()).hasSize(1);
        List<Map<String, Object>> messages = OPENAI.lastRequest().messages();
        Map<String, Object> last = messages.get(messages.size() - 1);
        assertThat(last).containsEntry("role", "user");
        List<Map<String, Object>> parts = (List<Map<String, Object>>) last.get("content");
        assertThat(parts).extracting(p -> p.get("type")).containsExactly("text", "image_url");
        assertThat(parts.get(0)).containsEntry("text", "What is in this picture?");
        String url = (String) ((Map<String, Object>) parts.get(1).get("image_url")).get("url");
        assertThat(url).startsWith("data:image/png;base64,")
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));

        String runId = (String) events.get(0).get("run_id");
        assertThat(json(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, id)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()))
                .containsEntry("run_id", runId).containsEntry("analysis_result", null);

        OPENAI.reset();
        OPENAI.whenIdle(Script.reply("You are welcome."));
        turn(ada, chat, "Thanks!");
        assertThat(OPENAI.requests()).isNotEmpty().allSatisfy(request -> assertThat(request.body())
                .doesNotContain("image_url"));
    }

    @Test
    void anImageATurnTookIsPendingAgainWhenThatTurnGotNoAnswerAndTheNextTurnSendsIt() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        String id = (String) json(upload(client, ada.bearer(), chat, "rash.png", MediaType.IMAGE_PNG, image("png"))
                .expectStatus().isCreated()).get("id");
        // Refused before any token: the turn ends in error with no answer.
        OPENAI.enqueue(Script.error(400));

        List<Map<String, Object>> failed = turn(ada, chat, "What is in this picture?");

        assertThat(failed.get(failed.size() - 1)).containsEntry("type", "error");
        assertThat(OPENAI.lastRequest().body()).contains("image_url");
        assertThat(json(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, id)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()))
                .as("pending again").containsEntry("run_id", null);

        OPENAI.reset();
        OPENAI.enqueue(Script.reply("A small ", "red dot."));
        List<Map<String, Object>> answered = turn(ada, chat, "Try again, please");
        assertThat(answered.get(answered.size() - 1)).containsEntry("type", "end");
        assertThat(OPENAI.lastRequest().body()).contains("image_url");
        assertThat(json(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, id)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()))
                .containsEntry("run_id", answered.get(0).get("run_id"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void analysisReadsTheImageIntoRowsStoresThemAndStreamsThemBeforeTheAnswer() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        byte[] jpeg = image("jpeg");
        String id = (String) json(new Attachments.Form().file("file", "labs.jpg", MediaType.IMAGE_JPEG, jpeg)
                .field("analysis", "true").post(client, ada.bearer(), chat).expectStatus().isCreated()).get("id");
        String rows = "{\"rows\": [{\"name\": \"Glucose\", \"value\": \"126\", \"unit\": \"mg/dL\", \"range\": \"70-99\"},"
                + " {\"name\": \"HbA1c\", \"value\": 6.1, \"unit\": \"%\", \"range\": \"4.0-5.6\"}]}";
        OPENAI.enqueue(Script.reply(rows.substring(0, 30), rows.substring(30)).usage(500, 40),
                Script.reply("Your glucose is above the range.").usage(600, 8));

        List<Map<String, Object>> events = turn(ada, chat, "Please explain my results");

        assertThat(OPENAI.requests()).hasSize(2);
        Map<String, Object> analysisCall = OPENAI.requests().get(0).json();
        assertThat(analysisCall).containsKey("response_format");
        assertThat(OPENAI.requests().get(0).body()).contains("data:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(jpeg));
        assertThat(OPENAI.requests().get(1).body()).contains("data:image/jpeg;base64,");

        Map<String, Object> analysis = (Map<String, Object>) events.stream()
                .filter(e -> "basic_flow".equals(e.get("type")) && e.get("content") instanceof Map).findFirst()
                .orElseThrow().get("content");
        assertThat(analysis).containsEntry("kind", "attachment_analysis").containsEntry("attachment_id", id);
        List<Map<String, Object>> streamed = (List<Map<String, Object>>) analysis.get("rows");
        assertThat(streamed).containsExactly(
                Map.of("name", "Glucose", "value", "126", "unit", "mg/dL", "range", "70-99"),
                Map.of("name", "HbA1c", "value", "6.1", "unit", "%", "range", "4.0-5.6"));
        assertThat(events).filteredOn(e -> e.containsKey("delta")).extracting(e -> e.get("delta"))
                .containsExactly("Your glucose is above the range.");
        Map<String, Object> end = events.get(events.size() - 1);
        assertThat((Map<String, Object>) ((Map<String, Object>) end.get("result")).get("usage"))
                .containsEntry("prompt_tokens", 1100).containsEntry("completion_tokens", 48);

        Map<String, Object> stored = json(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, id)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk());
        assertThat((Map<String, Object>) stored.get("analysis_result")).containsEntry("rows", streamed);
    }

    @Test
    @SuppressWarnings("unchecked")
    void analysisAnswerThatIsNotRowsIsReportedAndTheTurnStillAnswers() {
        Session ada = signUp();
        String chat = createRoom(client, ada.bearer());
        String id = (String) json(new Attachments.Form().file("file", "cat.png", MediaType.IMAGE_PNG, image("png"))
                .post(client, ada.bearer(), chat, "analysis=true").expectStatus().isCreated()).get("id");
        OPENAI.enqueue(Script.reply("I see a cat."), Script.reply("It is a cat."));

        List<Map<String, Object>> events = turn(ada, chat, "What is this?");

        Map<String, Object> analysis = (Map<String, Object>) events.stream()
                .filter(e -> "basic_flow".equals(e.get("type")) && e.get("content") instanceof Map).findFirst()
                .orElseThrow().get("content");
        assertThat(analysis).containsEntry("attachment_id", id).containsKey("error").doesNotContainKey("rows");
        assertThat(events.get(events.size() - 1)).containsEntry("type", "end");
        assertThat(json(client.get().uri("/api/chats/{chat}/attachments/{id}", chat, id)
                .header("Authorization", ada.bearer()).exchange().expectStatus().isOk()))
                .containsEntry("analysis_result", null);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> turn(Session session, String chat, String message) {
        return client.post().uri("/api/chats/{chat}/messages", chat).header("Authorization", session.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("message", message)))
                .exchange().expectStatus().isOk()
                .returnResult(SSE).getResponseBody().filter(e -> e.data() != null)
                .map(e -> (Map<String, Object>) JSON.readValue(e.data(), Map.class))
                .collectList().block(Duration.ofSeconds(30));
    }
}
