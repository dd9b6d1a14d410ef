package dev.rill.keys;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.swagger.v3.oas.annotations.enums.ParameterIn;

@Configuration(proxyBeanMethods = false)
class KeyRouter {

    private static final String TAG = "keys";

    @Bean
    RouterFunction<ServerResponse> keyRoutes(KeyHandler handler) {
        return route()
                .GET("/api/keys", handler::list, ops -> ops.operationId("listKeys").tag(TAG).security(bearer())
                        .summary("The signed-in user's own provider keys, oldest first; never the keys themselves")
                        .response(ok("200", KeyHandler.KeyList.class))
                        .response(problem("401", "Not signed in")))
                .POST("/api/keys", handler::add, ops -> ops.operationId("addKey").tag(TAG).security(bearer())
                        .summary("Add a provider key, after checking it with the provider (GET {base_url}/models)")
                        .requestBody(requestBodyBuilder().implementation(KeyRequests.Add.class))
                        .response(ok("201", KeyHandler.KeyView.class))
                        .response(problem("400", "Unknown provider, missing or bad label, key or base_url"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("415", "Body is not JSON"))
                        .response(problem("422", "key-rejected: the provider answered 401 or 403"))
                        .response(problem("502", "provider-unreachable: no answer, a timeout, or another status")))
                .PATCH("/api/keys/{keyId}", handler::update, ops -> ops.operationId("updateKey").tag(TAG)
                        .security(bearer()).summary("Relabel a key, or make it (or stop it being) the default")
                        .parameter(parameterBuilder().name("keyId").in(ParameterIn.PATH).required(true)
                                .description("key-…"))
                        .requestBody(requestBodyBuilder().implementation(KeyRequests.Update.class))
                        .response(ok("200", KeyHandler.KeyView.class))
                        .response(problem("400", "Malformed key ID, or a bad label"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such key among the user's keys"))
                        .response(problem("415", "Body is not JSON")))
                .DELETE("/api/keys/{keyId}", handler::delete, ops -> ops.operationId("deleteKey").tag(TAG)
                        .security(bearer()).summary("Delete a key; turns then fall back to the default or Rill's model")
                        .parameter(parameterBuilder().name("keyId").in(ParameterIn.PATH).required(true)
                                .description("key-…"))
                        .response(empty("204"))
                        .response(problem("400", "Malformed key ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such key among the user's keys")))
                .GET("/api/keys/{keyId}/usage", handler::keyUsage, ops -> ops.operationId("getKeyUsage").tag(TAG)
                        .security(bearer()).summary("Tokens spent on a key per UTC day and model, with estimated cost")
                        .description("Costs come from rill.keys.prices; a model without a price shows tokens only"
                                + " and is listed in unpriced_models.")
                        .parameter(parameterBuilder().name("keyId").in(ParameterIn.PATH).required(true)
                                .description("key-…"))
                        .parameter(parameterBuilder().name("from").in(ParameterIn.QUERY)
                                .description("First day, inclusive (YYYY-MM-DD); default 29 days before to"))
                        .parameter(parameterBuilder().name("to").in(ParameterIn.QUERY)
                                .description("Last day, inclusive (YYYY-MM-DD); default today (UTC)"))
                        .parameter(parameterBuilder().name("granularity").in(ParameterIn.QUERY)
                                .description("day (the only one offered)"))
                        .response(ok("200", KeyHandler.KeyUsageView.class))
                        .response(problem("400", "Malformed key ID or date, from after to, a range over "
                                + UsageService.MAX_DAYS + " days, or a granularity other than day"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such key among the user's keys")))
                .GET("/api/usage", handler::userUsage, ops -> ops.operationId("getUsage").tag("usage")
                        .security(bearer()).summary("The caller's own token totals: per key, and on Rill's model")
                        .parameter(parameterBuilder().name("from").in(ParameterIn.QUERY)
                                .description("First day, inclusive (YYYY-MM-DD); default 29 days before to"))
                        .parameter(parameterBuilder().name("to").in(ParameterIn.QUERY)
                                .description("Last day, inclusive (YYYY-MM-DD); default today (UTC)"))
                        .response(ok("200", KeyHandler.UserUsageView.class))
                        .response(problem("400", "Malformed date, from after to, or a range over "
                                + UsageService.MAX_DAYS + " days"))
                        .response(problem("401", "Not signed in")))
                .build();
    }
}
