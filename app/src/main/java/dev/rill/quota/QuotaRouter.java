package dev.rill.quota;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class QuotaRouter {

    private static final String TAG = "quota";

    @Bean
    RouterFunction<ServerResponse> quotaRoutes(QuotaHandler handler) {
        return route()
                .GET("/api/quota", handler::mine, ops -> ops.operationId("getQuota")
                        .tag(TAG).security(bearer())
                        .summary("The caller's daily turn allowance, what is left of it, and when it resets")
                        .response(ok("200", QuotaHandler.QuotaView.class))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "Quotas are turned off on this server"))
                        .response(problem("503", "Redis cannot be read right now")))
                .PUT("/api/admin/users/{userId}/quota", handler::setForUser, ops -> ops.operationId("setUserQuota")
                        .tag(TAG).security(bearer())
                        .summary("Admins: set a user's daily turn allowance, or clear it with daily_turns null")
                        .parameter(parameterBuilder().name("userId").in(ParameterIn.PATH).required(true)
                                .description("user-…"))
                        .requestBody(requestBodyBuilder().implementation(QuotaHandler.SetQuota.class))
                        .response(ok("200", QuotaHandler.QuotaLimitView.class))
                        .response(problem("400", "Malformed user ID, or daily_turns out of range"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("403", "Not an admin"))
                        .response(problem("404", "No such user"))
                        .response(problem("415", "Body is not JSON")))
                .build();
    }
}
