package dev.rill.stream;

/**
 * One event of a run as it goes over the wire: its per-run sequence number (the SSE {@code id:}), its type
 * ({@code start}, {@code basic_flow}, {@code end}, …) and its JSON object, already serialised once so that
 * storing, replaying and sending it never re-encodes it.
 */
public record RunEvent(long seq, String type, String json) {

    public static final String END = "end";
    public static final String ERROR = "error";

    /** {@code end} and {@code error} close a run's stream: nothing follows them. */
    public boolean terminal() {
        return END.equals(type) || ERROR.equals(type);
    }
}
