package dev.rill.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rill.attachment.AttachmentContent;
import dev.rill.attachment.AttachmentService;
import dev.rill.llm.LlmService;
import dev.rill.llm.ReplyChunk;
import dev.rill.llm.ReplyRequest;
import dev.rill.llm.ResponseSchema;
import dev.rill.llm.Turn;
import dev.rill.llm.TurnImage;
import dev.rill.shared.IdKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structured extraction an uploader asks for with {@code analysis=true}: one model call per image with a JSON
 * schema ({@code {rows: [{name, value, unit, range}]}}, the rows of a lab report, say), the result stored on the
 * attachment and reported as a structured event of the flow. An answer that is not such JSON is reported as
 * unreadable rather than failing the turn; an upstream failure fails it like any other model call.
 */
@Component
class AttachmentAnalysis {

    static final ResponseSchema SCHEMA = new ResponseSchema("attachment_rows", schema());

    private static final Logger log = LoggerFactory.getLogger(AttachmentAnalysis.class);
    private static final String INSTRUCTIONS = "You read images of documents such as lab reports. List every"
            + " measured item in the image as a row: name (the test or item as printed), value (as printed, digits"
            + " and sign kept), unit (empty if none) and range (the reference range as printed, empty if none). Copy;"
            + " do not interpret, convert or add items that are not in the image. No rows if there is no table.";
    private static final List<String> FIELDS = List.of("name", "value", "unit", "range");

    private final LlmService llm;
    private final AttachmentService attachments;
    private final JsonMapper json;

    AttachmentAnalysis(LlmService llm, AttachmentService attachments, JsonMapper json) {
        this.llm = llm;
        this.attachments = attachments;
        this.json = json;
    }

    /** The extraction's events for each attachment that asked for one, in order. */
    Flux<FlowEvent> analyse(FlowContext context) {
        return Flux.fromIterable(context.attachments())
                .filter(content -> content.attachment().analysis())
                .concatMap(content -> analyseOne(context, content));
    }

    private Flux<FlowEvent> analyseOne(FlowContext context, AttachmentContent content) {
        TurnImage image = new TurnImage(content.attachment().mediaType(), content.bytes());
        ReplyRequest request = context.ask(ReplyRequest.of(INSTRUCTIONS, List.of(Turn.user(
                "Extract the rows of this image. The user's message with it: " + context.message(),
                List.of(image)))).withResponseSchema(SCHEMA));
        String attachmentId = IdKind.ATTACHMENT.format(content.attachment().id());
        return Flux.concat(Mono.just(new FlowEvent.Status("Reading the attached image")),
                Mono.defer(() -> {
                    StringBuilder text = new StringBuilder();
                    ReplyChunk.Usage[] usage = new ReplyChunk.Usage[1];
                    return llm.stream(request)
                            .doOnNext(chunk -> {
                                if (chunk instanceof ReplyChunk.Token token) {
                                    text.append(token.text());
                                } else if (chunk instanceof ReplyChunk.Usage counted) {
                                    usage[0] = counted;
                                }
                            })
                            .then(Mono.fromSupplier(() -> new Reply(text.toString(), usage[0])));
                }).flatMapMany(reply -> {
                    String text = reply.text();
                    ReplyChunk.Usage counted = reply.usage();
                    FlowEvent.Usage usage = counted != null
                            ? new FlowEvent.Usage(counted.promptTokens(), counted.completionTokens(), false)
                            : new FlowEvent.Usage(Math.max(1, (INSTRUCTIONS.length() + context.message().length()) / 4),
                                    Math.max(1, text.length() / 4), true);
                    List<Map<String, Object>> rows = rows(text);
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("kind", "attachment_analysis");
                    event.put("attachment_id", attachmentId);
                    if (rows == null) {
                        event.put("error", "The model's answer was not a table of rows");
                        return Flux.just(usage, new FlowEvent.Structured(event));
                    }
                    Map<String, Object> result = Map.of("rows", rows);
                    event.put("rows", rows);
                    return attachments.saveAnalysis(content.attachment().id(), context.runId(), result)
                            .thenMany(Flux.just(usage, new FlowEvent.Structured(event)));
                }));
    }

    private record Reply(String text, ReplyChunk.Usage usage) {
    }

    /** The rows of a {@code {"rows":[…]}} answer, each with the four fields as text ("" when absent); or null. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows(String text) {
        Object parsed;
        try {
            parsed = json.readValue(text, Object.class);
        } catch (JacksonException e) {
            log.debug("Analysis answer is not JSON: {}", e.getOriginalMessage());
            return null;
        }
        if (!(parsed instanceof Map<?, ?> top) || !(top.get("rows") instanceof List<?> list)) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> fields) || !(fields.get("name") instanceof String name) || name.isBlank()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (String field : FIELDS) {
                Object value = fields.get(field);
                row.put(field, value == null ? "" : String.valueOf(value));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> schema() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", "object");
        row.put("properties", Map.of(
                "name", Map.of("type", "string", "description", "The test or item, as printed"),
                "value", Map.of("type", "string", "description", "The result, as printed"),
                "unit", Map.of("type", "string", "description", "The unit, or empty"),
                "range", Map.of("type", "string", "description", "The reference range, or empty")));
        row.put("required", FIELDS);
        row.put("additionalProperties", false);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("rows", Map.of("type", "array", "items", row)));
        schema.put("required", List.of("rows"));
        schema.put("additionalProperties", false);
        return schema;
    }
}
