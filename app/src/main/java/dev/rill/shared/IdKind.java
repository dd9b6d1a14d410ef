package dev.rill.shared;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The kinds of identifier Rill hands out. On the wire every ID is a prefixed UUID ({@code chat-0190…}) so that a
 * client can tell them apart and a mixed-up ID fails fast; in the database it is a plain {@code uuid}.
 */
public enum IdKind {
    USER("user"),
    CHAT("chat"),
    MESSAGE("msg"),
    RUN("run"),
    RECIPE("recipe"),
    PROFILE("profile"),
    /** A profile whose species is a pet; accepted wherever a profile ID is (see {@code ProfileIds}). */
    PET("pet"),
    KEY("key"),
    DOCUMENT("doc"),
    KNOWLEDGE_REQUEST("kreq"),
    ATTACHMENT("att");

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String prefix;

    IdKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String format(UUID id) {
        return prefix + "-" + id;
    }

    /** Parses {@code raw} as an ID of this kind, or fails with a 400 {@code malformed-id} problem. */
    public UUID parse(String raw) {
        if (raw != null && raw.length() == prefix.length() + 37 && raw.startsWith(prefix + "-")) {
            String uuid = raw.substring(prefix.length() + 1);
            if (UUID_TEXT.matcher(uuid).matches()) {
                return UUID.fromString(uuid);
            }
        }
        throw new RillException(ProblemType.MALFORMED_ID,
                "'" + abbreviate(raw) + "' is not a valid " + name().toLowerCase() + " ID; expected "
                        + prefix + "-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
    }

    /**
     * A new time-ordered (version 7) UUID: new rows land at the end of the primary-key index instead of at
     * random pages, and IDs sort by creation time, which keeps cursor paging stable.
     */
    public static UUID newUuid() {
        long millis = System.currentTimeMillis();
        byte[] random = new byte[10];
        Entropy.fill(random);
        long msb = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long lsb = 0x8000000000000000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            lsb |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb);
    }

    private static String abbreviate(String raw) {
        if (raw == null) {
            return "";
        }
        String printable = raw.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}
