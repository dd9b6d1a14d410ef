package dev.rill.recipe;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class RecipeRouter {

    private static final String RECIPES = "recipes";

    @Bean
    RouterFunction<ServerResponse> recipeRoutes(RecipeHandler handler, RecipeProperties properties) {
        return route()
                .GET("/api/recipes", handler::list, ops -> ops.operationId("listRecipes").tag(RECIPES)
                        .security(bearer()).summary("List the signed-in user's saved recipes, newest first, or search them")
                        .description("Recipes are saved by the recipe flow of an answer (see the new_recipe_message"
                                + " event).")
                        .parameter(parameterBuilder().name("q").in(ParameterIn.QUERY)
                                .description("Only recipes whose title or any ingredient (as written, or the matched"
                                        + " food's name) contains this, ignoring case; at most "
                                        + properties.maxQueryLength() + " characters"))
                        .parameter(parameterBuilder().name("cursor").in(ParameterIn.QUERY)
                                .description("Where the page starts: absent for the first page, otherwise a"
                                        + " next_cursor, or an ISO-8601 time meaning \"created before this time\""))
                        .parameter(parameterBuilder().name("limit").in(ParameterIn.QUERY)
                                .description("Recipes per page, 1 to " + properties.maxPageSize())
                                .schema(schemaBuilder().type("integer").minimum("1")
                                        .maximum(String.valueOf(properties.maxPageSize()))
                                        .defaultValue(String.valueOf(properties.defaultPageSize()))))
                        .response(ok("200", RecipeResponses.RecipeList.class)
                                .header(headerBuilder().name("Link")
                                        .description("<…>; rel=\"next\" when there is a next page")))
                        .response(problem("400", "Malformed cursor, limit out of range, or q too long"))
                        .response(problem("401", "Not signed in")))
                .GET("/api/recipes/{recipeId}", handler::get, ops -> ops.operationId("getRecipe").tag(RECIPES)
                        .security(bearer()).summary("One of the user's saved recipes")
                        .parameter(parameterBuilder().name("recipeId").in(ParameterIn.PATH).required(true)
                                .description("recipe-…"))
                        .response(ok("200", RecipeResponses.RecipeView.class))
                        .response(problem("400", "Malformed recipe ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such recipe among the user's recipes")))
                .GET("/api/recipes/{recipeId}/image", handler::image, ops -> ops.operationId("getRecipeImage")
                        .tag(RECIPES).security(bearer()).summary("The picture of one of the user's saved recipes")
                        .description("The picture an image model drew for the recipe (PNG, JPEG or WebP) once it"
                                + " exists; until then, or without an image model, an SVG card with the recipe's"
                                + " title and main ingredients. A recipe_image event after the run's end says when"
                                + " the picture is ready. Revalidate with If-None-Match.")
                        .parameter(parameterBuilder().name("recipeId").in(ParameterIn.PATH).required(true)
                                .description("recipe-…"))
                        .parameter(parameterBuilder().name("If-None-Match").in(ParameterIn.HEADER)
                                .description("An ETag from an earlier answer: 304 if the picture is still that one"))
                        .response(responseBuilder().responseCode("200").description("The picture or the SVG card")
                                .content(contentBuilder().mediaType("image/png")
                                        .schema(schemaBuilder().type("string").format("binary")))
                                .content(contentBuilder().mediaType("image/jpeg")
                                        .schema(schemaBuilder().type("string").format("binary")))
                                .content(contentBuilder().mediaType("image/webp")
                                        .schema(schemaBuilder().type("string").format("binary")))
                                .content(contentBuilder().mediaType("image/svg+xml")
                                        .schema(schemaBuilder().type("string")))
                                .header(headerBuilder().name("ETag")
                                        .description("Strong: the SHA-256 of the bytes, in hex, in quotes"))
                                .header(headerBuilder().name("Cache-Control")
                                        .description("private; max-age=86400 for a drawn picture, no-cache for the"
                                                + " card, which the picture replaces once it exists")))
                        .response(empty("304").description("Not modified: If-None-Match names the current ETag"))
                        .response(problem("400", "Malformed recipe ID"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("404", "No such recipe among the user's recipes")))
                .build();
    }
}
