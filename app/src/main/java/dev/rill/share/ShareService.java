package dev.rill.share;

import java.util.UUID;

import dev.rill.chat.ChatService;
import dev.rill.chat.ChatTranscript;
import dev.rill.chat.Cursor;
import dev.rill.shared.IdKind;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * Sharing a room, reading a shared room without signing in, and forking one. Rooms are chat's: this service adds the
 * public URLs, the per-address limit on public reads and the fork's redirect, and leaves ownership, visibility and
 * copying to {@link ChatService}, which answers 404 for a room that is not the caller's (share) or not shared
 * (read, fork).
 */
@Service
public class ShareService {

    /** A shared room and where anyone can read it. */
    public record SharedLink(UUID chatId, String publicUrl) {
    }

    /** A room created by a fork, and where the client app should take the user. */
    public record Fork(UUID chatId, String redirectUrl) {
    }

    private final ChatService chats;
    private final PublicReadThrottle throttle;
    private final ShareProperties properties;

    ShareService(ChatService chats, PublicReadThrottle throttle, ShareProperties properties) {
        this.chats = chats;
        this.throttle = throttle;
        this.properties = properties;
    }

    /** Shares a room of the user's; sharing a shared room again answers the same. */
    public Mono<SharedLink> share(UUID userId, UUID chatId) {
        return chats.setShared(userId, chatId, true)
                .map(chat -> new SharedLink(chat.id(), properties.publicUrl(IdKind.CHAT.format(chat.id()))));
    }

    /** Unshares a room of the user's; unsharing a room that is not shared does nothing. */
    public Mono<Void> unshare(UUID userId, UUID chatId) {
        return chats.setShared(userId, chatId, false).then();
    }

    /** A shared room and a page of its messages, for anyone; counted against {@code clientAddress}'s limit first. */
    public Mono<ChatTranscript> read(String clientAddress, UUID chatId, Cursor messagesCursor, int messagesLimit) {
        return throttle.admit(clientAddress).then(chats.readShared(chatId, messagesCursor, messagesLimit));
    }

    /** Copies a shared room into a new room of the user's (see {@link ChatService#fork}). */
    public Mono<Fork> fork(UUID userId, UUID sharedChatId) {
        return chats.fork(userId, sharedChatId)
                .map(chat -> new Fork(chat.id(), properties.forkRedirectUrl(IdKind.CHAT.format(chat.id()))));
    }
}
