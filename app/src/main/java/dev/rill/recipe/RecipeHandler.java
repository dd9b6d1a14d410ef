package dev.rill.recipe;

import dev.rill.chat.PagingParameters;
import dev.rill.shared.IdKind;
import dev.rill.shared.web.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the recipe routes onto {@link RecipeService}. */
@Component
class RecipeHandler {

    private final RecipeService recipes;
    private final RecipeProperties properties;

    RecipeHandler(RecipeService recipes, RecipeProperties properties) {
        this.recipes = recipes;
        this.properties = properties;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    PagingParameters.Paging paging = PagingParameters.read(request, "cursor", "limit",
                            properties.defaultPageSize(), properties.maxPageSize());
                    return recipes.list(user.id(), request.queryParam("q").orElse(null), paging.cursor(),
                            paging.limit());
                })
                .flatMap(page -> {
                    return PagingParameters.okPage(request, page, RecipeResponses.RecipeList.of(page));
                });
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> recipes.requireOwned(user.id(), IdKind.RECIPE.parse(request.pathVariable("recipeId"))))
                .flatMap(recipe -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(RecipeResponses.RecipeView.of(recipe)));
    }
}
