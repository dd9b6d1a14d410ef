package dev.rill.loadtest;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs; every option has a default. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
            }
            values.put(argv[i].substring(2), argv[++i]);
        }
    }

    String s(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int i(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    long l(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
    }
}
