package dev.rill.profile;

import java.util.Arrays;
import java.util.Optional;

/** Whom a profile describes. {@link #wire()} is the value in the database and on the wire. */
public enum Species {
    HUMAN("human"),
    DOG("dog"),
    CAT("cat");

    private final String wire;

    Species(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Dogs and cats: their profiles get {@code pet-…} IDs, and their needs follow veterinary formulas. */
    public boolean isPet() {
        return this != HUMAN;
    }

    public static Optional<Species> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
