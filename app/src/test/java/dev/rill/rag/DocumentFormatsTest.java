package dev.rill.rag;

import java.nio.charset.StandardCharsets;

import dev.rill.rag.DocumentFormats.Format;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DocumentFormatsTest {

    private static final byte[] TEXT = "# Title\nbody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PDF = "%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII);

    @Test
    void declaredTypeOrExtensionSaysWhichTextFormat() {
        assertThat(DocumentFormats.detect(TEXT, "text/plain", "a.txt")).isEqualTo(Format.TEXT);
        assertThat(DocumentFormats.detect(TEXT, "text/plain; charset=utf-8", "a.md")).isEqualTo(Format.MARKDOWN);
        assertThat(DocumentFormats.detect(TEXT, "text/markdown", null)).isEqualTo(Format.MARKDOWN);
        assertThat(DocumentFormats.detect(TEXT, "application/octet-stream", "README.markdown"))
                .isEqualTo(Format.MARKDOWN);
        assertThat(DocumentFormats.detect(TEXT, null, "NOTES")).isEqualTo(Format.TEXT);
    }

    @Test
    void pdfIsRecognisedByItsMagicBytes() {
        assertThat(DocumentFormats.detect(PDF, "application/pdf", "a.pdf")).isEqualTo(Format.PDF);
        assertThat(DocumentFormats.detect(PDF, "application/octet-stream", "scan")).isEqualTo(Format.PDF);
        assertThat(DocumentFormats.detect(PDF, null, null)).isEqualTo(Format.PDF);
    }

    @Test
    void mismatchesAndUnknownTypesAre415() {
        assertUnsupported(TEXT, "application/pdf", "a.pdf");
        assertUnsupported(PDF, "text/plain", "a.txt");
        assertUnsupported(PDF, "text/markdown", null);
        assertUnsupported(TEXT, "application/msword", "a.doc");
        assertUnsupported(TEXT, null, "a.docx");
        assertUnsupported(new byte[] {(byte) 0xff, (byte) 0xfe, 'a', 0}, null, "a.txt");
        assertUnsupported("ok\u0000".getBytes(StandardCharsets.UTF_8), "text/plain", null);
        assertUnsupported(" %PDF-1.7".getBytes(StandardCharsets.US_ASCII), "application/pdf", null);
    }

    @Test
    void textLosesItsByteOrderMarkAndCarriageReturns() {
        byte[] bytes = "\uFEFFline one\r\nline two\rthree".getBytes(StandardCharsets.UTF_8);

        assertThat(DocumentFormats.text(bytes)).isEqualTo("line one\nline two\nthree");
    }

    private static void assertUnsupported(byte[] bytes, String type, String filename) {
        RillException e = catchThrowableOfType(RillException.class,
                () -> DocumentFormats.detect(bytes, type, filename));
        assertThat(e).as("%s %s", type, filename).isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }
}
