package dev.rill.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.chat.ChatMessage;
import dev.rill.chat.ChatService;
import dev.rill.chat.MessageRole;
import dev.rill.chat.MessageStatus;
import dev.rill.chat.NewMessage;
import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs whose instance died while nobody followed them: their partial answer is kept and their stream closed. */
class OrphanSweeperTest extends HttpTest {

    @Autowired
    OrphanSweeper sweeper;

    @Autowired
    ChatService chats;

    @Autowired
    RunEventLog log;

    @Test
    void runWhoseClaimLapsedKeepsItsPartialAnswerAsFailedAndIsClosedForResumers() throws InterruptedException {
        UUID user = UUID.fromString(signUp().userId().replaceFirst("^user-", ""));
        UUID room = chats.create(user, "Room", null).block().id();
        UUID run = IdKind.newUuid();
        // What an instance that died mid-answer leaves behind: a claim nobody renews, and some stored events.
        chats.beginTurn(user, room, run, Duration.ofMillis(1), NewMessage.text(MessageRole.USER, "Tell me")).block();
        log.append(run, List.of(
                new RunEvent(1, "start", "{\"type\":\"start\"}"),
                new RunEvent(2, "basic_flow", "{\"type\":\"basic_flow\",\"content\":\"Writing an answer\"}"),
                new RunEvent(3, "basic_flow", "{\"type\":\"basic_flow\",\"delta\":\"Half \"}"),
                new RunEvent(4, "basic_flow", "{\"type\":\"basic_flow\",\"delta\":\"an answer\"}")),
                Duration.ofMinutes(5)).block();
        Thread.sleep(20);

        assertThat(sweeper.sweep(Duration.ZERO).block()).isPositive();

        List<ChatMessage> history = chats.history(user, room).collectList().block();
        assertThat(history).extracting(ChatMessage::role).containsExactly(MessageRole.USER, MessageRole.ASSISTANT);
        ChatMessage partial = history.get(1);
        assertThat(partial.text()).isEqualTo("Half an answer");
        assertThat(partial.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(partial.runId()).isEqualTo(run);
        List<RunEvent> stored = log.read(run, 0, 100).block().events();
        assertThat(stored).last().satisfies(last -> {
            assertThat(last.type()).isEqualTo(RunEvent.ERROR);
            assertThat(last.json()).contains("interrupted");
        });

        // Taken once: a second sweep finds nothing of this run, and the room accepts the next message.
        sweeper.sweep(Duration.ZERO).block();
        assertThat(chats.history(user, room).collectList().block()).hasSize(2);
        chats.beginTurn(user, room, IdKind.newUuid(), Duration.ofMinutes(1),
                new NewMessage(MessageRole.USER, Map.of(NewMessage.TEXT, "Again"), MessageStatus.COMPLETE, null,
                        null)).block();
    }
}
