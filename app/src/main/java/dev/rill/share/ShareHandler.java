package dev.rill.share;

import java.net.URI;
import java.util.UUID;

import dev.rill.chat.ChatProperties;
import dev.rill.chat.PagingParameters;
import dev.rill.shared.IdKind;
import dev.rill.shared.web.ClientAddress;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the share routes onto {@link ShareService}. */
@Component
class ShareHandler {

    private final ShareService shares;
    private final JsonBodies bodies;
    private final ChatProperties chatProperties;

    ShareHandler(ShareService shares, JsonBodies bodies, ChatProperties chatProperties) {
        this.shares = shares;
        this.bodies = bodies;
        this.chatProperties = chatProperties;
    }

    Mono<ServerResponse> share(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> shares.share(user.id(), chatId(request)))
                .flatMap(link -> json(ShareResponses.SharedLinkView.of(link)));
    }

    Mono<ServerResponse> unshare(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> shares.unshare(user.id(), chatId(request)))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> read(ServerRequest request) {
        return Mono.defer(() -> {
                    UUID chatId = chatId(request);
                    // The same paging, limits and cursors as GET /api/chats/{chatId}.
                    PagingParameters.Paging paging = PagingParameters.read(request, "messages_cursor",
                            "messages_limit", chatProperties.defaultMessagePageSize(),
                            chatProperties.maxMessagePageSize());
                    return shares.read(ClientAddress.of(request), chatId, paging.cursor(), paging.limit());
                })
                .flatMap(transcript -> json(ShareResponses.SharedChat.of(transcript)));
    }

    Mono<ServerResponse> fork(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID chatId = chatId(request);
                    // The body's message is read only to be validated: the client sends it to the new room.
                    return forkBody(request).then(shares.fork(user.id(), chatId));
                })
                .flatMap(fork -> ServerResponse.created(URI.create("/api/chats/" + IdKind.CHAT.format(fork.chatId())))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(ShareResponses.ForkView.of(fork)));
    }

    /** The body is optional: no content type and no body means no message. */
    private Mono<ShareRequests.Fork> forkBody(ServerRequest request) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        boolean noBody = headers.getContentType() == null && headers.getContentLength() <= 0
                && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        return noBody ? Mono.just(ShareRequests.Fork.EMPTY) : bodies.read(request, ShareRequests.Fork.class);
    }

    private static UUID chatId(ServerRequest request) {
        return IdKind.CHAT.parse(request.pathVariable("chatId"));
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
