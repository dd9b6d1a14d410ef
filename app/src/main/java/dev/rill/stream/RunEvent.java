package dev.rill.stream;

/**
 * One event of a run as it goes over the wire: its per-run sequence number (the SSE {@code id:}), its type
 * ({@code start}, {@code basic_flow}, {@code end}, …) and its JSON object, already serialised once so that
 * storing, replaying and sending it never re-encodes it.
 *
 * <p>The type is the JSON's {@code type}, except for two stored types that only say where the run's stream ends
 * when follow-ups ({@link dev.rill.graph.FlowEvent.FollowUp}) come after {@code end}: {@link #END_PENDING} for that
 * {@code end}, which is then not the last event, and {@link #LAST} for the follow-up event that closes the run.
 */
public record RunEvent(long seq, String type, String json) {

    public static final String END = "end";
    public static final String ERROR = "error";
    /** Stored type of an {@code end} event that follow-up events come after; its JSON says {@code end}. */
    static final String END_PENDING = "end-pending";
    /** Stored type of the follow-up event that closes a run; its JSON carries the follow-up's own type. */
    static final String LAST = "last";

    /** {@code end}, {@code error} and a run's last follow-up close a run's stream: nothing follows them. */
    public boolean terminal() {
        return END.equals(type) || ERROR.equals(type) || LAST.equals(type);
    }
}
