package dev.rill.rag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rill.chat.MessageRole;
import dev.rill.graph.Flow;
import dev.rill.graph.FlowContext;
import dev.rill.graph.FlowEvent;
import dev.rill.llm.LlmService;
import dev.rill.llm.ReplyChunk;
import dev.rill.llm.ReplyRequest;
import dev.rill.llm.Turn;
import dev.rill.shared.IdKind;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;

/**
 * Answers a turn from the knowledge base. Events, in order:
 * <ol>
 *   <li>{@link FlowEvent.Status} {@value #SEARCHING};</li>
 *   <li>{@link FlowEvent.Structured} {@code {"search_query", "search_result": [{document_id, title, chunk,
 *       score}]}} with the chunks that pass {@code rill.rag.relevance-threshold}, best first;</li>
 *   <li>the same content as a {@link MessageRole#RAG} {@link FlowEvent.Message}, so the room keeps what was
 *       cited;</li>
 *   <li>the answer as {@link FlowEvent.Delta}s, and the model's {@link FlowEvent.Usage}.</li>
 * </ol>
 * The answer is written by the language model from the numbered chunks, citing them as {@code [1]}. When no chunk
 * is relevant, the answer says so and no model is asked, so nothing gets invented. With the offline demo model, the
 * answer quotes the best chunks with their numbers, labelled as the offline demo, since there is no model to write
 * one. Cancelling the flux cancels the search or the model's stream.
 */
@Component
public class RagFlow implements Flow {

    static final String SEARCHING = "Searching the knowledge base…";

    private static final int QUOTED_QUERY_CHARS = 80;
    private static final int OFFLINE_EXCERPT_CHARS = 300;

    private final RagService rag;
    private final LlmService llm;
    private final RagProperties properties;

    RagFlow(RagService rag, LlmService llm, RagProperties properties) {
        this.rag = rag;
        this.llm = llm;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "rag";
    }

    @Override
    public String description() {
        return "Answers from the knowledge base: documents the user uploaded (PDF, text, Markdown) and global"
                + " documents curated by admins, such as nutrition guidelines, manuals and FAQs. Choose it when the"
                + " user asks what their documents or the knowledge base say, asks to look something up or search"
                + " for it, or asks a factual question that reference material should answer. It cites the passages"
                + " it used and says so plainly when the knowledge base has nothing on the question.";
    }

    @Override
    public List<String> examples() {
        // Two kinds: questions about the user's own documents, and factual questions that reference material
        // answers (is it safe, how much, what are the signs, what is the difference), in English and Korean.
        return List.of(
                "What does the uploaded guideline say about vitamin D for dogs?",
                "Search my documents for the recommended daily protein intake.",
                "According to the PDF I uploaded, how often should a kitten be fed?",
                "Look up the allergy policy in the knowledge base.",
                "Is chocolate toxic to cats?",
                "Can dogs eat avocado safely?",
                "What are the signs of vitamin B12 deficiency?",
                "How many calories are in a boiled egg?",
                "Which vegetables are rich in potassium?",
                "Explain the difference between saturated and unsaturated fat.",
                "Why is omega-3 important for dogs?",
                "What is the recommended daily zinc intake for children?",
                "업로드한 가이드라인에서 강아지 비타민 D에 대해 뭐라고 하나요?",
                "내 문서에서 하루 권장 단백질 섭취량을 찾아 줘",
                "지식 베이스에서 알레르기 관련 자료를 찾아 줘",
                "양파가 고양이에게 독성이 있나요?",
                "강아지가 아보카도를 먹어도 되나요?",
                "비타민 B12 결핍의 증상은 뭐예요?",
                "삶은 달걀 한 개의 칼로리는 얼마인가요?",
                "칼륨이 많은 채소는 무엇인가요?",
                "포화지방과 불포화지방의 차이를 설명해 주세요",
                "오메가3가 개에게 왜 중요한가요?",
                "어린이의 하루 아연 권장 섭취량은 얼마인가요?");
    }

    @Override
    public Flux<FlowEvent> run(FlowContext context) {
        return Flux.defer(() -> {
            String query = truncate(context.message().strip(), properties.maxQueryLength());
            Flux<FlowEvent> searching = Flux.just(new FlowEvent.Status(SEARCHING));
            if (query.isEmpty()) {
                return searching.concatWith(found(query, List.of())).concatWith(nothingFound(query));
            }
            return searching.concatWith(rag.search(context.userId(), query, properties.searchLimit())
                    .flatMapMany(hits -> {
                        List<SearchHit> relevant = hits.stream()
                                .filter(hit -> hit.score() >= properties.relevanceThreshold()).toList();
                        Flux<FlowEvent> answer = relevant.isEmpty() ? nothingFound(query)
                                : llm.describe().offline() ? quoted(query, relevant)
                                : written(context, relevant);
                        return found(query, relevant).concatWith(answer);
                    }));
        });
    }

    /** The search result, as an event for the client and as a message for the room. */
    private static Flux<FlowEvent> found(String query, List<SearchHit> relevant) {
        List<Map<String, Object>> results = new ArrayList<>(relevant.size());
        for (SearchHit hit : relevant) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("document_id", IdKind.DOCUMENT.format(hit.documentId()));
            result.put("title", hit.title());
            result.put("chunk", hit.chunk());
            result.put("score", Math.round(hit.score() * 10_000) / 10_000.0);
            results.add(result);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("search_query", query);
        content.put("search_result", List.copyOf(results));
        Map<String, Object> frozen = Collections.unmodifiableMap(content);
        return Flux.just(new FlowEvent.Structured(frozen), new FlowEvent.Message(MessageRole.RAG, frozen));
    }

    /** An honest "nothing found", in the language of the question, without asking a model to make something up. */
    private static Flux<FlowEvent> nothingFound(String query) {
        String quoted = cut(query, QUOTED_QUERY_CHARS);
        String text = korean(query)
                ? "지식 베이스에서 “" + quoted + "”에 관한 내용을 찾지 못했습니다. 추측으로 답하지 않겠습니다."
                        + " 다른 표현으로 다시 물어보시거나, 이 주제를 다루는 문서를 올려 주세요."
                : "I found nothing in the knowledge base about “" + quoted + "”. Rather than guess, I'll leave it"
                        + " there: try other words, or upload a document that covers it.";
        return Flux.just(new FlowEvent.Delta(text));
    }

    /** The model's answer from the numbered chunks, streamed as it is written. */
    private Flux<FlowEvent> written(FlowContext context, List<SearchHit> relevant) {
        List<Turn> history = context.history().isEmpty() ? List.of(Turn.user(context.message())) : context.history();
        return llm.stream(context.ask(ReplyRequest.of(systemPrompt(relevant, context.briefing()), history)))
                .concatMap(chunk -> {
                    if (chunk instanceof ReplyChunk.Token token && !token.text().isEmpty()) {
                        return Flux.just(new FlowEvent.Delta(token.text()));
                    }
                    if (chunk instanceof ReplyChunk.Usage usage) {
                        return Flux.just(new FlowEvent.Usage(usage.promptTokens(), usage.completionTokens(), false));
                    }
                    return Flux.empty();
                });
    }

    static String systemPrompt(List<SearchHit> relevant, String briefing) {
        StringBuilder prompt = new StringBuilder("""
                You answer from a knowledge base. Use only the numbered excerpts below to answer the user's last \
                message. After each statement, cite the excerpts it comes from by their numbers in square brackets, \
                like [1] or [2][3]. If the excerpts do not answer the question, say that the knowledge base does not \
                cover it; do not add facts from elsewhere and do not guess. Answer in the language the user writes \
                in.
                """);
        if (briefing != null && !briefing.isBlank()) {
            prompt.append("\nNotes from the previous step of this turn:\n").append(briefing.strip()).append('\n');
        }
        prompt.append("\nExcerpts:\n");
        for (int i = 0; i < relevant.size(); i++) {
            SearchHit hit = relevant.get(i);
            prompt.append("\n[").append(i + 1).append("] from \"").append(hit.title()).append("\"\n")
                    .append(hit.chunk().strip()).append('\n');
        }
        return prompt.toString();
    }

    /**
     * Without a language model: the best chunks quoted with their numbers and titles, so the knowledge base is
     * still useful (and testable) offline. One delta per paragraph.
     */
    private static Flux<FlowEvent> quoted(String query, List<SearchHit> relevant) {
        boolean korean = korean(query);
        List<String> parts = new ArrayList<>();
        parts.add(korean
                ? "[Offline demo model] 언어 모델이 설정되지 않아, 질문과 가장 가까운 지식 베이스 구절을 그대로 인용합니다.\n\n"
                : "[Offline demo model] No language model is configured, so here are the passages of the knowledge"
                        + " base that best match your question, quoted as they are.\n\n");
        for (int i = 0; i < relevant.size(); i++) {
            SearchHit hit = relevant.get(i);
            String excerpt = cut(hit.chunk().strip().replaceAll("\\s+", " "), OFFLINE_EXCERPT_CHARS);
            parts.add("[" + (i + 1) + "] “" + excerpt + "” (" + hit.title() + ")\n\n");
        }
        parts.add(korean
                ? "이 구절로 답을 써 주는 모델을 쓰려면 RILL_LLM_API_KEY를 설정하세요."
                : "Set RILL_LLM_API_KEY (and RILL_LLM_BASE_URL, RILL_LLM_MODEL) to get an answer written from these"
                        + " sources.");
        return Flux.fromIterable(parts).map(FlowEvent.Delta::new);
    }

    /** The first {@code max} characters, for a search: an ellipsis would only add noise to the query. */
    private static String truncate(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max)).strip();
    }

    private static boolean korean(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL);
    }

    private static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        String head = text.substring(0, text.offsetByCodePoints(0, max - 1));
        int space = head.lastIndexOf(' ');
        return (space > max / 2 ? head.substring(0, space) : head).strip() + "…";
    }
}
