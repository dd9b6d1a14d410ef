package dev.rill.profile;

import java.util.Arrays;
import java.util.Optional;

/**
 * How active the person or pet is, which scales the daily energy need (see {@code docs/nutrition.md} for the
 * factor each level stands for).
 */
public enum ActivityLevel {
    LOW("low"),
    MODERATE("moderate"),
    HIGH("high");

    private final String wire;

    ActivityLevel(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ActivityLevel> fromWire(String wire) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(wire)).findFirst();
    }
}
