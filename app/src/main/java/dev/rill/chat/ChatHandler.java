package dev.rill.chat;

import java.net.URI;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the chat routes onto {@link ChatService}. */
@Component
class ChatHandler {

    private final ChatService chats;
    private final JsonBodies bodies;
    private final ChatProperties properties;

    ChatHandler(ChatService chats, JsonBodies bodies, ChatProperties properties) {
        this.chats = chats;
        this.bodies = bodies;
        this.properties = properties;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return CurrentUser.of(request)
                .zipWith(createBody(request))
                .flatMap(t -> chats.create(t.getT1().id(), t.getT2().title(), t.getT2().profileId()))
                .flatMap(chat -> ServerResponse.created(URI.create("/api/chats/" + IdKind.CHAT.format(chat.id())))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(ChatResponses.ChatView.of(chat)));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    PagingParameters.Paging paging = PagingParameters.read(request, "cursor", "limit",
                            properties.defaultPageSize(), properties.maxPageSize());
                    return chats.list(user.id(), request.queryParam("q").orElse(null), paging.cursor(),
                            paging.limit());
                })
                .flatMap(page -> {
                    return PagingParameters.okPage(request, page, ChatResponses.ChatList.of(page));
                });
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID chatId = chatId(request);
                    PagingParameters.Paging paging = PagingParameters.read(request, "messages_cursor",
                            "messages_limit", properties.defaultMessagePageSize(), properties.maxMessagePageSize());
                    return chats.open(user.id(), chatId, paging.cursor(), paging.limit());
                })
                .flatMap(transcript -> json(ChatResponses.ChatWithMessages.of(transcript)));
    }

    Mono<ServerResponse> rename(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID chatId = chatId(request);
                    return bodies.read(request, ChatRequests.Update.class)
                            .flatMap(body -> chats.update(user.id(), chatId, body.title(), body.keyId()));
                })
                .flatMap(chat -> json(ChatResponses.ChatView.of(chat)));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> chats.delete(user.id(), chatId(request)))
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> enter(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID chatId = chatId(request);
                    return chats.enter(user.id(), chatId).collectList()
                            .map(window -> ChatResponses.ActiveHistory.of(chatId, properties.historyWindow(), window));
                })
                .flatMap(ChatHandler::json);
    }

    Mono<ServerResponse> leave(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> chats.leave(user.id(), chatId(request)))
                .then(ServerResponse.noContent().build());
    }

    /**
     * The body of a create, which may be left out entirely for an untitled room: a request with neither a
     * content type nor a body (no Content-Length above zero, no Transfer-Encoding) means "no fields".
     */
    private Mono<ChatRequests.Create> createBody(ServerRequest request) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        boolean noBody = headers.getContentType() == null && headers.getContentLength() <= 0
                && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        return noBody ? Mono.just(ChatRequests.Create.EMPTY) : bodies.read(request, ChatRequests.Create.class);
    }

    private static UUID chatId(ServerRequest request) {
        return IdKind.CHAT.parse(request.pathVariable("chatId"));
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
