package dev.rill.chat;

import dev.rill.shared.RillException;

/**
 * The rules for room titles. A title is one line of printable text: no control characters, line or paragraph
 * separators, or unpaired surrogates, which would break the one-line layout of every client's room list. Lengths
 * count code points, so an emoji or a Hangul syllable is one character.
 */
final class ChatTitles {

    private static final String ELLIPSIS = "…";

    private ChatTitles() {
    }

    /** A title a user typed, stripped; fails with a validation problem on {@code field} if it breaks a rule. */
    static String validate(String field, String title, int maxLength) {
        String stripped = title.strip();
        if (stripped.isEmpty()) {
            throw RillException.invalid(field, "must not be blank");
        }
        if (stripped.codePoints().anyMatch(ChatTitles::forbidden)) {
            throw RillException.invalid(field, "must not contain control characters or line breaks");
        }
        int length = stripped.codePointCount(0, stripped.length());
        if (length > maxLength) {
            throw RillException.invalid(field, "must be at most " + maxLength + " characters (has " + length + ")");
        }
        return stripped;
    }

    /**
     * A title made from a message's text: forbidden characters and runs of white space become one space, and a
     * text longer than {@code maxLength} is cut at the last word boundary that keeps at least half of it (or
     * mid-word, for scripts without spaces) and ends with an ellipsis. {@code null} if no text is left.
     */
    static String fromText(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder line = new StringBuilder(Math.min(text.length(), maxLength * 4));
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (forbidden(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = !line.isEmpty();
                continue;
            }
            if (pendingSpace) {
                line.append(' ');
                pendingSpace = false;
            }
            line.appendCodePoint(cp);
        }
        String single = line.toString();
        if (single.isEmpty()) {
            return null;
        }
        if (single.codePointCount(0, single.length()) <= maxLength) {
            return single;
        }
        int keep = maxLength - ELLIPSIS.length();
        String head = single.substring(0, single.offsetByCodePoints(0, keep));
        int space = head.lastIndexOf(' ');
        if (space >= head.length() / 2) {
            head = head.substring(0, space);
        }
        return head.stripTrailing() + ELLIPSIS;
    }

    private static boolean forbidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
