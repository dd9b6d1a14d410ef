package dev.rill.shared;

/** Searching an exception's cause chain by type: libraries wrap what went wrong, sometimes several times over. */
public final class Causes {

    private Causes() {
    }

    /** The first throwable in {@code error}'s cause chain (itself included) of {@code type}, or {@code null}. */
    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Whether {@code error}'s cause chain holds a throwable of {@code type}. */
    public static boolean has(Throwable error, Class<? extends Throwable> type) {
        return find(error, type) != null;
    }
}
