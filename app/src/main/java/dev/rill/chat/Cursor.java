package dev.rill.chat;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A position in a list walked from newest to oldest: a page starts at the first item strictly older than
 * {@code (createdAt, id)}. Comparing the pair, not the time alone, keeps the order fixed when items share a
 * timestamp.
 *
 * <p>On the wire a cursor is opaque: base64url (no padding) of {@code 1|<ISO instant>|<uuid>}. An ISO-8601 time
 * is accepted as well, as older clients sent one: it means "everything created before this time". A time without
 * an offset is taken as UTC.
 */
public record Cursor(Instant createdAt, UUID id) {

    private static final String VERSION = "1";
    private static final int MAX_LENGTH = 128;
    private static final UUID LOWEST_ID = new UUID(0L, 0L);
    private static final UUID HIGHEST_ID = new UUID(-1L, -1L);
    // PostgreSQL's timestamptz goes further, but nothing is created after this and it keeps the bounds simple.
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Cursor START = new Cursor(LATEST, HIGHEST_ID);

    /** Before every item: the first page. */
    public static Cursor start() {
        return START;
    }

    /** Items created strictly before {@code time}. */
    public static Cursor before(Instant time) {
        Instant bounded = time.isAfter(LATEST) ? LATEST : time.isBefore(EARLIEST) ? EARLIEST : time;
        return new Cursor(bounded, LOWEST_ID);
    }

    /** The cursor that continues after an item with this time and ID. */
    public static Cursor after(Instant createdAt, UUID id) {
        return new Cursor(createdAt, id);
    }

    public String encode() {
        String plain = VERSION + "|" + createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a cursor this API handed out, or an ISO-8601 time.
     *
     * @throws IllegalArgumentException when {@code raw} is neither
     */
    public static Cursor parse(String raw) {
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("too long");
        }
        // Base64url has no ':', every ISO-8601 time has one.
        return raw.indexOf(':') >= 0 ? parseTime(raw) : parseOpaque(raw);
    }

    private static Cursor parseOpaque(String raw) {
        String[] parts = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.US_ASCII).split("\\|", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !UUID_TEXT.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            return new Cursor(Instant.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }

    private static Cursor parseTime(String raw) {
        // An unencoded '+' of an offset arrives as a space after query decoding.
        String text = raw.strip().replace(' ', '+');
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                    LocalDateTime::from);
            Instant time = parsed instanceof ZonedDateTime zoned ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return before(time);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not an ISO-8601 time", e);
        }
    }
}
