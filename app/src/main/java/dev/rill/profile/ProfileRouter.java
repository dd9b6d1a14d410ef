package dev.rill.profile;

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
class ProfileRouter {

    private static final String PROFILES = "profiles";
    private static final String ID = "pet-… or profile-… (either prefix is accepted)";

    @Bean
    RouterFunction<ServerResponse> profileRoutes(ProfileHandler handler, ProfileProperties properties) {
        return route()
                .POST("/api/profiles", handler::create, ops -> ops.operationId("createProfile").tag(PROFILES)
                        .security(bearer()).summary("Add a person or pet whose meals the user plans")
                        .requestBody(requestBodyBuilder().implementation(ProfileRequests.Create.class))
                        .response(ok("201", ProfileResponses.ProfileView.class)
                                .header(headerBuilder().name("Location").description("URL of the new profile")))
                        .response(problem("400", "A field breaks a rule (every one is named), or an unknown field"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("415", "Body is not JSON")))
                .GET("/api/profiles", handler::list, ops -> ops.operationId("listProfiles").tag(PROFILES)
                        .security(bearer()).summary("List the signed-in user's profiles, newest first")
                        .parameter(parameterBuilder().name("cursor").in(ParameterIn.QUERY)
                                .description("Where the page starts: absent for the first page, otherwise a"
                                        + " next_cursor, or an ISO-8601 time meaning \"created before this time\""))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Profiles per page, 1 to " + properties.maxPageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxPageSize()))
                                        .defaultValue(String.valueOf(properties.defaultPageSize()))))
                        .response(ok("200", ProfileResponses.ProfileList.class)
                                .header(headerBuilder().name("Link")
                                        .description("<…>; rel=\"next\" when there is a next page")))
                        .response(problem("400", "Malformed cursor or limit out of range"))
                        .response(problem("401", "Not signed in")))
                .GET("/api/profiles/{profileId}", handler::get, ops -> ops.operationId("getProfile").tag(PROFILES)
                        .security(bearer()).summary("One of the user's profiles")
                        .parameter(parameterBuilder().name("profileId").in(ParameterIn.PATH).required(true)
                                .description(ID))
                        .response(ok("200", ProfileResponses.ProfileView.class))
                        .response(problem("400", "Malformed profile ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such profile among the user's profiles")))
                .PATCH("/api/profiles/{profileId}", handler::update, ops -> ops.operationId("updateProfile")
                        .tag(PROFILES).security(bearer()).summary("Change some fields of a profile")
                        .description("Fields left out (or null) keep their value; allergies replaces the list.")
                        .parameter(parameterBuilder().name("profileId").in(ParameterIn.PATH).required(true)
                                .description(ID))
                        .requestBody(requestBodyBuilder().implementation(ProfileRequests.Update.class))
                        .response(ok("200", ProfileResponses.ProfileView.class))
                        .response(problem("400", "Malformed profile ID, or a field breaks a rule"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such profile among the user's profiles")))
                .DELETE("/api/profiles/{profileId}", handler::delete, ops -> ops.operationId("deleteProfile")
                        .tag(PROFILES).security(bearer()).summary("Delete a profile")
                        .parameter(parameterBuilder().name("profileId").in(ParameterIn.PATH).required(true)
                                .description(ID))
                        .response(empty("204"))
                        .response(problem("400", "Malformed profile ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such profile among the user's profiles")))
                .build();
    }
}
