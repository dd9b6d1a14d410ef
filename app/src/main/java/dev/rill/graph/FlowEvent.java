package dev.rill.graph;

import java.util.Map;
import java.util.Objects;

import dev.rill.chat.MessageRole;

import reactor.core.publisher.Mono;

/** What a flow reports while it answers. A switch over these is exhaustive. */
public sealed interface FlowEvent {

    /** Progress for people: {@code {"type":"<flow>","content":"text"}}. */
    record Status(String text) implements FlowEvent {
        public Status {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Answer text as it is written: {@code {"type":"<flow>","delta":"text"}}. The deltas of every flow in the turn,
     * concatenated, are saved as the assistant's message.
     */
    record Delta(String text) implements FlowEvent {
        public Delta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A structured result: {@code {"type":"<flow>","content":{…}}}. Values must be JSON-serialisable. */
    record Structured(Map<String, Object> content) implements FlowEvent {
        public Structured {
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * An event of its own type, such as {@code {"type":"new_recipe_message","recipe_id":"recipe-…"}}: the fields go
     * next to {@code type}, in their map's iteration order.
     */
    record Named(String type, Map<String, Object> fields) implements FlowEvent {
        public Named {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(fields, "fields");
        }
    }

    /**
     * A message to keep in the room besides the assistant's text, such as the {@code recipe} or {@code rag} result,
     * saved with the run's ID and listed in {@code end.result.messages}.
     */
    record Message(MessageRole role, Map<String, Object> content) implements FlowEvent {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    /** Tokens one LLM call used; the {@code end} event's usage sums every call of the turn. */
    record Usage(int promptTokens, int completionTokens, boolean estimated) implements FlowEvent {
    }

    /**
     * Asks the graph to go on with another flow once this one completes, telling it {@code briefing} (for example
     * the recipe just saved, for the basic flow to explain). The last hand-off a flow emits wins.
     */
    record HandOff(String flow, String briefing) implements FlowEvent {
        public HandOff {
            Objects.requireNonNull(flow, "flow");
        }
    }

    /**
     * One event the run sends after its {@code end}, for work that must not hold up the answer (a recipe's picture).
     * The {@code end} result then says {@code "<type>": "pending"}, and the run's stream stays open until every
     * follow-up of the turn has sent its event, then closes. {@code event} is subscribed only once {@code end} has
     * been written (so the work starts after the answer is complete) and yields the event's fields besides
     * {@code type}. When it fails, completes empty, or takes longer than {@code rill.stream.follow-up-window}, the
     * run sends {@code fallback} instead, so a follow-up always ends with exactly one event. Follow-ups of a turn
     * that failed or was stopped are dropped unsent and never subscribed.
     */
    record FollowUp(String type, Mono<Map<String, Object>> event, Map<String, Object> fallback) implements FlowEvent {
        public FollowUp {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(fallback, "fallback");
        }
    }
}
