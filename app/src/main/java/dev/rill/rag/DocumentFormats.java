package dev.rill.rag;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;

/**
 * Decides what an upload is from its bytes, and refuses what is not text, Markdown or PDF (415).
 *
 * <p>What the client declares (the part's content type, else the file name's extension) says which of the three
 * it claims to be; the bytes must agree. A PDF starts with {@code %PDF-}. Text and Markdown must be valid UTF-8
 * without NUL characters: that rules out every binary format, and PostgreSQL's {@code text} cannot hold NUL anyway.
 * An upload that declares nothing specific ({@code application/octet-stream}, no extension) is taken for what its
 * bytes are. A declared type other than the three is refused even if the bytes would pass, so that a client
 * uploading a {@code .docx} learns that it is not supported instead of getting its XML indexed.
 */
final class DocumentFormats {

    /** The formats Rill reads, with the media type stored for each. */
    enum Format {
        TEXT("text/plain"),
        MARKDOWN("text/markdown"),
        PDF("application/pdf");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        String mediaType() {
            return mediaType;
        }
    }

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final String SUPPORTED = "send text (.txt), Markdown (.md) or PDF (.pdf)";

    private DocumentFormats() {
    }

    /** The format of {@code bytes}, which must not be empty, or a 415 problem. */
    static Format detect(byte[] bytes, String declaredType, String filename) {
        Format claimed = claimed(declaredType, filename);
        boolean pdf = isPdf(bytes);
        if (claimed == Format.PDF) {
            if (!pdf) {
                throw unsupported("The file is declared as a PDF but does not start with %PDF-");
            }
            return Format.PDF;
        }
        if (pdf) {
            if (claimed != null) {
                throw unsupported("The file is a PDF but is declared as " + claimed.mediaType());
            }
            return Format.PDF;
        }
        if (!isUtf8Text(bytes)) {
            throw unsupported("The file is neither a PDF nor UTF-8 text without NUL characters; " + SUPPORTED);
        }
        return claimed == null ? Format.TEXT : claimed;
    }

    /** The text of a text or Markdown upload: without a byte-order mark, lines ending in {@code \n}. */
    static String text(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    static boolean isPdf(byte[] bytes) {
        if (bytes.length < PDF_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < PDF_MAGIC.length; i++) {
            if (bytes[i] != PDF_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isUtf8Text(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** What the client says the file is; {@code null} when it says nothing specific. */
    private static Format claimed(String declaredType, String filename) {
        String type = declaredType == null ? "" : declaredType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        Format byName = byExtension(filename);
        return switch (type) {
            case "", "application/octet-stream" -> byName;
            // Browsers and curl often send text/plain for a .md file.
            case "text/plain" -> byName == Format.MARKDOWN ? Format.MARKDOWN : Format.TEXT;
            case "text/markdown", "text/x-markdown" -> Format.MARKDOWN;
            case "application/pdf", "application/x-pdf" -> Format.PDF;
            default -> throw unsupported("Documents of type " + abbreviate(type) + " are not supported; " + SUPPORTED);
        };
    }

    private static Format byExtension(String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "txt", "text" -> Format.TEXT;
            case "md", "markdown" -> Format.MARKDOWN;
            case "pdf" -> Format.PDF;
            default -> throw unsupported("Files ending in ." + abbreviate(extension) + " are not supported; "
                    + SUPPORTED);
        };
    }

    private static RillException unsupported(String detail) {
        return new RillException(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    private static String abbreviate(String raw) {
        String printable = raw.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}
