package dev.rill.profile;

import java.util.Arrays;
import java.util.Optional;

/** A person's sex, which changes reference intakes; optional, and not used for pets. */
public enum Sex {
    FEMALE("female"),
    MALE("male");

    private final String wire;

    Sex(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Sex> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
