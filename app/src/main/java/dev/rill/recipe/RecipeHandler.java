package dev.rill.recipe;

import java.time.Duration;
import java.util.List;

import dev.rill.chat.PagingParameters;
import dev.rill.shared.IdKind;
import dev.rill.shared.web.CurrentUser;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the recipe routes onto {@link RecipeService}. */
@Component
class RecipeHandler {

    /**
     * SVG can carry script: the card has none, and this keeps a browser that opens it directly from running any
     * (the default policy's directives are kept too).
     */
    static final String CARD_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none';"
            + " base-uri 'none'";

    private final RecipeService recipes;
    private final RecipePictures pictures;
    private final RecipeProperties properties;

    RecipeHandler(RecipeService recipes, RecipePictures pictures, RecipeProperties properties) {
        this.recipes = recipes;
        this.pictures = pictures;
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

    Mono<ServerResponse> image(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> pictures.picture(user.id(), IdKind.RECIPE.parse(request.pathVariable("recipeId"))))
                .flatMap(picture -> {
                    String etag = "\"" + picture.sha256() + "\"";
                    // A drawn picture never changes; the card is replaced by the picture once it exists, so it is
                    // revalidated every time (a 304 while it is still the card).
                    CacheControl cache = picture.stored() ? CacheControl.maxAge(Duration.ofDays(1)).cachePrivate()
                            : CacheControl.noCache().cachePrivate();
                    boolean notModified = matches(request.headers().header(HttpHeaders.IF_NONE_MATCH), etag);
                    ServerResponse.BodyBuilder response = ServerResponse.status(notModified ? HttpStatus.NOT_MODIFIED
                            : HttpStatus.OK).eTag(etag).cacheControl(cache);
                    if (!picture.stored()) {
                        response.header("Content-Security-Policy", CARD_POLICY);
                    }
                    return notModified ? response.build() : response
                            .contentType(MediaType.parseMediaType(picture.contentType()))
                            .bodyValue(picture.bytes());
                });
    }

    /** If-None-Match compares weakly (RFC 9110): {@code W/"x"} matches {@code "x"}, and {@code *} matches any. */
    private static boolean matches(List<String> ifNoneMatch, String etag) {
        for (String header : ifNoneMatch) {
            for (String candidate : header.split(",")) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
