package dev.rill.chat;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class ChatRouter {

    private static final String CHATS = "chats";
    private static final String CURSOR_RULES = " Absent or empty for the first page; otherwise a next cursor from"
            + " the previous page, or an ISO-8601 time meaning \"created before this time\" (UTC if no offset).";

    @Bean
    RouterFunction<ServerResponse> chatRoutes(ChatHandler handler, ChatProperties properties) {
        return route()
                .POST("/api/chats", handler::create, ops -> ops.operationId("createChat").tag(CHATS)
                        .security(bearer()).summary("Open a chat room")
                        .description("The body may be left out (no Content-Type, no body) for an untitled room;"
                                + " an untitled room is named after its first user message.")
                        .requestBody(requestBodyBuilder().required(false)
                                .implementation(ChatRequests.Create.class))
                        .response(ok("201", ChatResponses.ChatView.class)
                                .header(headerBuilder().name("Location").description("URL of the new room")))
                        .response(problem("400", "Invalid title or profile_id, or an unknown field"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "profile_id is not one of the user's profiles"))
                        .response(problem("415", "Body is not JSON")))
                .GET("/api/chats", handler::list, ops -> ops.operationId("listChats").tag(CHATS)
                        .security(bearer()).summary("List the signed-in user's rooms, newest first, or search them")
                        .parameter(parameterBuilder().name("q").in(ParameterIn.QUERY)
                                .description("Only rooms whose title or any message text contains this, ignoring"
                                        + " case; at most " + properties.maxQueryLength() + " characters"))
                        .parameter(parameterBuilder().name("cursor").in(ParameterIn.QUERY)
                                .description("Where the page starts." + CURSOR_RULES))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Rooms per page, 1 to " + properties.maxPageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxPageSize()))
                                        .defaultValue(String.valueOf(properties.defaultPageSize()))))
                        .response(ok("200", ChatResponses.ChatList.class)
                                .header(headerBuilder().name("Link")
                                        .description("<…>; rel=\"next\" when there is a next page")))
                        .response(problem("400", "Malformed cursor, limit out of range, or q too long"))
                        .response(problem("401", "Not signed in")))
                .GET("/api/chats/{chatId}", handler::get, ops -> ops.operationId("getChat").tag(CHATS)
                        .security(bearer()).summary("A room with its latest messages")
                        .description("messages holds the latest messages before messages_cursor, oldest first."
                                + " To load older ones, pass messages_next_cursor as messages_cursor.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .parameter(parameterBuilder().name("messages_cursor").in(ParameterIn.QUERY)
                                .description("Where the messages page ends (exclusive)." + CURSOR_RULES))
                        .parameter(parameterBuilder().name("messages_limit").in(ParameterIn.QUERY)
                                .description("Messages per page, 1 to " + properties.maxMessagePageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxMessagePageSize()))
                                        .defaultValue(String.valueOf(properties.defaultMessagePageSize()))))
                        .response(ok("200", ChatResponses.ChatWithMessages.class))
                        .response(problem("400", "Malformed chat ID, messages_cursor or messages_limit"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .PATCH("/api/chats/{chatId}", handler::rename, ops -> ops.operationId("renameChat").tag(CHATS)
                        .security(bearer()).summary("Rename a room, or choose the key its turns run on")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .requestBody(requestBodyBuilder().implementation(ChatRequests.Update.class))
                        .response(ok("200", ChatResponses.ChatView.class))
                        .response(problem("400", "Malformed chat ID or key_id, neither title nor key_id given, a"
                                + " blank, multi-line or too long title (at most " + properties.maxTitleLength()
                                + " characters), or a key_id that is not one of the user's keys"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .DELETE("/api/chats/{chatId}", handler::delete, ops -> ops.operationId("deleteChat").tag(CHATS)
                        .security(bearer()).summary("Delete a room and all of its messages")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .response(empty("204"))
                        .response(problem("400", "Malformed chat ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .POST("/api/chats/{chatId}/enter", handler::enter, ops -> ops.operationId("enterChat").tag(CHATS)
                        .security(bearer()).summary("Enter a room: cache its recent history and return it")
                        .description("Loads the latest " + properties.historyWindow() + " messages from the"
                                + " database into Redis and returns them, oldest first. While the room is active,"
                                + " answers read their context from the cache. The room stays active until it is"
                                + " left, deleted, or idle for " + properties.activeTtl() + ". Messages are always"
                                + " stored in the database first, so an eviction never loses one.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .response(ok("200", ChatResponses.ActiveHistory.class))
                        .response(problem("400", "Malformed chat ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .POST("/api/chats/{chatId}/leave", handler::leave, ops -> ops.operationId("leaveChat").tag(CHATS)
                        .security(bearer()).summary("Leave a room: drop its cached history")
                        .description("Every message is already stored in the database, so leaving only evicts"
                                + " the room's cached state from Redis. Leaving a room that is not active does"
                                + " nothing.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .response(empty("204"))
                        .response(problem("400", "Malformed chat ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .build();
    }
}
