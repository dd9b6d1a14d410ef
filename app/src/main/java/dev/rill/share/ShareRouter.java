package dev.rill.share;

import dev.rill.chat.ChatProperties;
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
class ShareRouter {

    private static final String SHARING = "sharing";

    @Bean
    RouterFunction<ServerResponse> shareRoutes(ShareHandler handler, ShareProperties properties,
                                               ChatProperties chatProperties) {
        return route()
                .POST("/api/chats/{chatId}/share", handler::share, ops -> ops.operationId("shareChat").tag(SHARING)
                        .security(bearer()).summary("Share a room: anyone may then read it, without signing in")
                        .description("Sharing a shared room again answers the same.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .response(ok("200", ShareResponses.SharedLinkView.class))
                        .response(problem("400", "Malformed chat ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .DELETE("/api/chats/{chatId}/share", handler::unshare, ops -> ops.operationId("unshareChat")
                        .tag(SHARING).security(bearer()).summary("Stop sharing a room")
                        .description("Unsharing a room that is not shared does nothing. Forks already made stay.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .response(empty("204"))
                        .response(problem("400", "Malformed chat ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room among the user's rooms")))
                .GET("/api/shared/{chatId}", handler::read, ops -> ops.operationId("readSharedChat").tag(SHARING)
                        .summary("Read a shared room (no authentication)")
                        .description("Only the title, the times and the messages of the user, assistant, recipe"
                                + " and rag roles that are complete; never the owner, profile, run IDs or token"
                                + " usage. Paged like GET /api/chats/{chatId}. Limited to "
                                + properties.publicReadsPerMinute() + " reads per minute per client address.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-…"))
                        .parameter(parameterBuilder().name("messages_cursor").in(ParameterIn.QUERY)
                                .description("Where the messages page ends (exclusive): absent for the latest,"
                                        + " else messages_next_cursor of the previous page"))
                        .parameter(parameterBuilder().name("messages_limit").in(ParameterIn.QUERY)
                                .description("Messages per page, 1 to " + chatProperties.maxMessagePageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(chatProperties.maxMessagePageSize()))
                                        .defaultValue(String.valueOf(chatProperties.defaultMessagePageSize()))))
                        .response(ok("200", ShareResponses.SharedChat.class))
                        .response(problem("400", "Malformed chat ID, messages_cursor or messages_limit"))
                        .response(problem("404", "No such room, or it is not shared"))
                        .response(problem("429", "Too many reads from this address")
                                .header(headerBuilder().name("Retry-After").description("Seconds to wait"))))
                .POST("/api/shared/{chatId}/fork", handler::fork, ops -> ops.operationId("forkSharedChat")
                        .tag(SHARING).security(bearer()).summary("Copy a shared room into a new room of one's own")
                        .description("Copies the messages the public view shows, in order, in one transaction;"
                                + " later changes to the shared room do not reach the copy. The body may be left"
                                + " out. Its message is not stored or answered here: send it to the new room with"
                                + " POST /api/chats/{chat_id}/messages.")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true)
                                .description("chat-… of the shared room"))
                        .requestBody(requestBodyBuilder().required(false).implementation(ShareRequests.Fork.class))
                        .response(ok("201", ShareResponses.ForkView.class)
                                .header(headerBuilder().name("Location").description("URL of the new room")))
                        .response(problem("400", "Malformed chat ID or body, or an unknown field"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such room, or it is not shared"))
                        .response(problem("415", "Body is not JSON")))
                .build();
    }
}
