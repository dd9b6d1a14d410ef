package dev.rill.stream;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class StreamRouter {

    private static final String TAG = "messages";
    private static final String EVENTS = "A text/event-stream of run events; see docs/sse-protocol.md";

    @Bean
    RouterFunction<ServerResponse> streamRoutes(StreamHandler handler) {
        return route()
                .POST("/api/chats/{chatId}/messages", handler::sendToChat, ops -> ops.operationId("sendMessage")
                        .tag(TAG).security(bearer())
                        .summary("Send a message to a room; the answer streams back as Server-Sent Events")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true))
                        .requestBody(requestBodyBuilder().implementation(StreamHandler.SendMessage.class))
                        .response(stream())
                        .response(problem("400", "Invalid message, or malformed chat ID or key_id"))
                        .response(problem("404", "No such room, or key_id is not one of the user's keys"))
                        .response(problem("409", "An answer is still being written in this room")))
                .POST("/api/messages", handler::sendToNewChat, ops -> ops.operationId("sendMessageToNewChat")
                        .tag(TAG).security(bearer())
                        .summary("Start a new room with a message; the start event carries the new chat_id")
                        .requestBody(requestBodyBuilder().implementation(StreamHandler.SendMessage.class))
                        .response(stream())
                        .response(problem("400", "Invalid message or malformed key_id"))
                        .response(problem("404", "key_id is not one of the user's keys")))
                .GET("/api/chats/{chatId}/runs/{runId}/events", handler::events, ops -> ops.operationId("runEvents")
                        .tag(TAG).security(bearer())
                        .summary("Replay a run's events after Last-Event-ID, then follow it live (EventSource may"
                                + " pass the token as ?access_token=)")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true))
                        .parameter(parameterBuilder().name("runId").in(ParameterIn.PATH).required(true))
                        .parameter(parameterBuilder().name("Last-Event-ID").in(ParameterIn.HEADER))
                        .parameter(parameterBuilder().name("last_event_id").in(ParameterIn.QUERY))
                        .parameter(parameterBuilder().name("access_token").in(ParameterIn.QUERY))
                        .response(stream())
                        .response(problem("400", "Malformed ID or Last-Event-ID"))
                        .response(problem("404", "No such room or run, or the run can no longer be resumed")))
                .POST("/api/chats/{chatId}/runs/{runId}/cancel", handler::cancel, ops -> ops.operationId("cancelRun")
                        .tag(TAG).security(bearer())
                        .summary("Stop a run; its partial answer is saved as stopped and its stream ends with end")
                        .parameter(parameterBuilder().name("chatId").in(ParameterIn.PATH).required(true))
                        .parameter(parameterBuilder().name("runId").in(ParameterIn.PATH).required(true))
                        .response(empty("202"))
                        .response(problem("404", "No such room or run")))
                .build();
    }

    private static org.springdoc.core.fn.builders.apiresponse.Builder stream() {
        return responseBuilder().responseCode("200").description(EVENTS)
                .content(contentBuilder().mediaType("text/event-stream"));
    }
}
