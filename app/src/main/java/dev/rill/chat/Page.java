package dev.rill.chat;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list that is walked from newest to oldest.
 *
 * @param results the items of this page
 * @param next    where the following (older) page starts, or {@code null} on the last page
 */
public record Page<T>(List<T> results, Cursor next) {

    public Page {
        results = List.copyOf(results);
    }

    public boolean hasNext() {
        return next != null;
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(results.stream().<R>map(mapper).toList(), next);
    }
}
