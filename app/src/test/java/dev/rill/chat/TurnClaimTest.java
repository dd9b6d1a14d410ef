package dev.rill.chat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One run at a time per room: the claim taken and dropped with the turn's messages, in PostgreSQL. */
class TurnClaimTest extends ChatHttpTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @Test
    void secondTurnIsRefusedUntilTheFirstEndsAndNothingOfItIsStored() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "Room"));
        UUID first = IdKind.newUuid();
        UUID second = IdKind.newUuid();

        ChatService.BegunTurn begun = chats.beginTurn(user(alice), room, first, LEASE,
                NewMessage.text(MessageRole.USER, "First")).block();
        assertThat(begun.chat().id()).isEqualTo(room);
        assertThat(begun.userMessage().text()).isEqualTo("First");

        assertThatThrownBy(() -> chats.beginTurn(user(alice), room, second, LEASE,
                NewMessage.text(MessageRole.USER, "Second")).block())
                .isInstanceOfSatisfying(RillException.class,
                        e -> assertThat(e.type()).isEqualTo(ChatService.RUN_IN_PROGRESS));
        assertThat(chats.history(user(alice), room).collectList().block()).extracting(ChatMessage::text)
                .containsExactly("First");

        chats.endTurn(user(alice), room, first, List.of(NewMessage.text(MessageRole.ASSISTANT, "Answer")))
                .collectList().block();
        chats.beginTurn(user(alice), room, second, LEASE, NewMessage.text(MessageRole.USER, "Second")).block();
        assertThat(chats.history(user(alice), room).collectList().block()).extracting(ChatMessage::text)
                .containsExactly("First", "Answer", "Second");
    }

    @Test
    void claimOfARunWhoseOwnerStoppedRenewingLapsesAfterItsLease() throws InterruptedException {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "Room"));
        UUID crashed = IdKind.newUuid();
        UUID renewed = IdKind.newUuid();
        UUID other = chat(createChat(alice, "Other room"));
        UUID otherRun = IdKind.newUuid();
        chats.beginTurn(user(alice), room, crashed, Duration.ofMillis(200),
                NewMessage.text(MessageRole.USER, "Lost")).block();
        chats.beginTurn(user(alice), other, renewed, Duration.ofMillis(200),
                NewMessage.text(MessageRole.USER, "Kept")).block();
        chats.renewTurns(Set.of(renewed), LEASE).block();

        Thread.sleep(400);

        chats.beginTurn(user(alice), room, IdKind.newUuid(), LEASE, NewMessage.text(MessageRole.USER, "Next"))
                .block();
        assertThatThrownBy(() -> chats.beginTurn(user(alice), other, otherRun, LEASE,
                NewMessage.text(MessageRole.USER, "Refused")).block())
                .isInstanceOfSatisfying(RillException.class,
                        e -> assertThat(e.type()).isEqualTo(ChatService.RUN_IN_PROGRESS));
    }

    @Test
    void releaseFreesTheRoomOnlyForTheRunThatHoldsIt() {
        Session alice = signUp();
        UUID room = chat(createChat(alice, "Room"));
        UUID holder = IdKind.newUuid();
        chats.beginTurn(user(alice), room, holder, LEASE, NewMessage.text(MessageRole.USER, "Hi")).block();

        chats.releaseTurn(room, IdKind.newUuid()).block();
        assertThatThrownBy(() -> chats.beginTurn(user(alice), room, IdKind.newUuid(), LEASE,
                NewMessage.text(MessageRole.USER, "Too soon")).block()).isInstanceOf(RillException.class);

        chats.releaseTurn(room, holder).block();
        chats.beginTurn(user(alice), room, IdKind.newUuid(), LEASE, NewMessage.text(MessageRole.USER, "Now"))
                .block();
    }

    @Test
    void turnInSomeoneElsesRoomIsNotFoundRatherThanBusy() {
        Session alice = signUp();
        Session mallory = signUp();
        UUID room = chat(createChat(alice, "Room"));
        chats.beginTurn(user(alice), room, IdKind.newUuid(), LEASE, NewMessage.text(MessageRole.USER, "Hi")).block();

        assertThatThrownBy(() -> chats.beginTurn(user(mallory), room, IdKind.newUuid(), LEASE,
                NewMessage.text(MessageRole.USER, "Mine?")).block())
                .isInstanceOfSatisfying(RillException.class,
                        e -> assertThat(e.type().status().value()).isEqualTo(404));
    }
}
