package dev.rill.graph;

import java.util.ArrayList;
import java.util.List;

import dev.rill.llm.LlmService;
import dev.rill.llm.ReplyChunk;
import dev.rill.llm.ReplyRequest;
import dev.rill.llm.Turn;
import dev.rill.llm.TurnImage;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Plain streamed chat over the room's history. It also explains what an earlier flow of the turn did: the
 * hand-over briefing goes to the model as part of its instructions.
 */
@Component
class BasicFlow implements Flow {

    static final String NAME = "basic";

    private final LlmService llm;
    private final GraphProperties properties;
    private final AttachmentAnalysis analysis;

    BasicFlow(LlmService llm, GraphProperties properties, AttachmentAnalysis analysis) {
        this.llm = llm;
        this.properties = properties;
        this.analysis = analysis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Answer directly as a friendly assistant: greetings, small talk, opinions, explanations and"
                + " follow-up questions about the conversation itself.";
    }

    @Override
    public List<String> examples() {
        return List.of(
                "Hello!",
                "Hi, how are you today?",
                "Thanks, that was helpful",
                "Can you say that again more simply?",
                "What can you do?",
                "Tell me a joke",
                "Good morning",
                "안녕하세요",
                "고마워요, 도움이 됐어요",
                "오늘 기분이 어때?",
                "다시 한 번 쉽게 설명해 줄래?",
                "너는 뭘 할 수 있어?",
                "농담 하나 해줘");
    }

    /**
     * Tokens and usage become flow events; the rest is dropped. A plain function rather than {@code handle()}, which
     * looks up the subscriber context for every token.
     */
    static FlowEvent toEvent(ReplyChunk chunk) {
        if (chunk instanceof ReplyChunk.Token token) {
            return new FlowEvent.Delta(token.text());
        }
        if (chunk instanceof ReplyChunk.Usage usage) {
            return new FlowEvent.Usage(usage.promptTokens(), usage.completionTokens(), false);
        }
        return null;
    }

    @Override
    public Flux<FlowEvent> run(FlowContext context) {
        String instructions = context.briefing() == null
                ? properties.basicSystemPrompt()
                : properties.basicSystemPrompt() + "\n\nEarlier in this turn: " + context.briefing()
                        + "\nExplain this to the user briefly and in their language; do not repeat every figure.";
        List<Turn> history = withImages(context);
        return Flux.concat(
                analysis.analyse(context),
                Mono.just(new FlowEvent.Status(context.briefing() == null ? "Writing an answer" : "Explaining the result")),
                llm.stream(context.ask(ReplyRequest.of(instructions, history))).mapNotNull(BasicFlow::toEvent));
    }

    /** The history with the turn's attached images on the last user turn (a new one if there is none). */
    static List<Turn> withImages(FlowContext context) {
        List<Turn> history = new ArrayList<>(context.history());
        if (context.attachments().isEmpty()) {
            return history;
        }
        List<TurnImage> images = context.attachments().stream()
                .map(content -> new TurnImage(content.attachment().mediaType(), content.bytes())).toList();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).role() == Turn.Role.USER) {
                history.set(i, history.get(i).withImages(images));
                return history;
            }
        }
        history.add(Turn.user(context.message(), images));
        return history;
    }
}
