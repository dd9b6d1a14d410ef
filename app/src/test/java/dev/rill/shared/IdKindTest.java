package dev.rill.shared;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IdKindTest {

    @Test
    void formatsAndParsesPrefixedIds() {
        UUID id = IdKind.newUuid();
        String wire = IdKind.CHAT.format(id);

        assertThat(wire).startsWith("chat-").hasSize(41);
        assertThat(IdKind.CHAT.parse(wire)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "chat-", "chat-123", "msg-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d",
            "chat-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0", "chat-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0dX",
            "chat-zzzzzzzz-1f2e-7a3b-8c4d-5e6f7a8b9c0d", "0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d",
            "chat-0190b2c4_1f2e_7a3b_8c4d_5e6f7a8b9c0d"})
    void malformedIdIsA400Problem(String raw) {
        RillException e = catchThrowableOfType(RillException.class, () -> IdKind.CHAT.parse(raw));

        assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_ID);
        assertThat(e.type().status().value()).isEqualTo(400);
        assertThat(e.detail()).contains("chat-xxxxxxxx");
    }

    @Test
    void newIdsAreVersion7AndOrderedByTime() throws InterruptedException {
        UUID first = IdKind.newUuid();
        Thread.sleep(2);
        UUID second = IdKind.newUuid();

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.toString().compareTo(second.toString())).isNegative();
    }
}
