package dev.rill.chat;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.rill.shared.IdKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CursorTest {

    @Test
    void encodedCursorReadsBackToTheSamePosition() {
        Cursor cursor = Cursor.after(Instant.parse("2025-03-13T12:34:56.123456Z"), IdKind.newUuid());
        String wire = cursor.encode();
        assertThat(wire).matches("[A-Za-z0-9_-]+");
        assertThat(Cursor.parse(wire)).isEqualTo(cursor);
    }

    @Test
    void isoTimeMeansEverythingCreatedBeforeIt() {
        Cursor cursor = Cursor.parse("2025-03-13T12:30:00Z");
        assertThat(cursor.createdAt()).isEqualTo(Instant.parse("2025-03-13T12:30:00Z"));
        assertThat(cursor.id()).isEqualTo(new UUID(0, 0));
    }

    @Test
    void isoTimeWithAnOffsetIsConvertedToUtc() {
        assertThat(Cursor.parse("2025-03-13T21:30:00+09:00").createdAt())
                .isEqualTo(Instant.parse("2025-03-13T12:30:00Z"));
    }

    @Test
    void offsetWhosePlusWasDecodedToASpaceStillParses() {
        assertThat(Cursor.parse("2025-03-13T21:30:00 09:00").createdAt())
                .isEqualTo(Instant.parse("2025-03-13T12:30:00Z"));
    }

    @Test
    void isoTimeWithoutOffsetIsUtc() {
        assertThat(Cursor.parse("2025-03-13T12:30:00.5").createdAt())
                .isEqualTo(Instant.parse("2025-03-13T12:30:00.5Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "abc", "2025-13-45T99:00:00Z", "12:00", "not base64 at all",
            "MXwyMDI1LTAzLTEzVDEyOjM0OjU2Wnxub3QtYS11dWlk"})
    void anythingElseIsRefused(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse(raw));
    }

    @Test
    void cursorOfAnotherVersionIsRefused() {
        String v2 = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("2|2025-03-13T12:34:56Z|" + UUID.randomUUID()).getBytes());
        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse(v2));
    }

    @Test
    void overlongInputIsRefusedBeforeDecoding() {
        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse("A".repeat(129)));
    }
}
