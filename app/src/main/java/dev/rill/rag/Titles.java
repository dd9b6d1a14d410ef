package dev.rill.rag;

import dev.rill.shared.RillException;

/** Titles of documents and knowledge requests: one line of text, not blank, not too long. */
final class Titles {

    private Titles() {
    }

    /** {@code title}, stripped, if it is one non-blank line of at most {@code max} characters; else 400. */
    static String validate(String field, String title, int max) {
        String stripped = title == null ? "" : title.strip();
        if (stripped.isEmpty()) {
            throw RillException.invalid(field, "must not be blank");
        }
        if (stripped.codePointCount(0, stripped.length()) > max) {
            throw RillException.invalid(field, "must be at most " + max + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw RillException.invalid(field, "must be a single line without control characters");
        }
        return stripped;
    }

    /** The file's name without directories and extension, cut to {@code max}; {@code null} if nothing is left. */
    static String fromFilename(String filename, int max) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        String base = (dot > 0 ? name.substring(0, dot) : name).replaceAll("\\p{Cntrl}", " ").strip();
        return base.isEmpty() ? null : cut(base, max);
    }

    /** The first non-blank line of {@code text}, cut to {@code max} on a word boundary. */
    static String fromText(String text, int max) {
        for (String line : text.split("\n")) {
            // A Markdown heading's marks are not part of its title.
            String candidate = line.replaceAll("^\\s*#+\\s*", "").replaceAll("\\p{Cntrl}", " ").strip();
            if (!candidate.isEmpty()) {
                return cut(candidate, max);
            }
        }
        return "Untitled";
    }

    private static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        String head = text.substring(0, text.offsetByCodePoints(0, max - 1));
        int space = head.lastIndexOf(' ');
        return (space > max / 2 ? head.substring(0, space) : head).strip() + "…";
    }
}
