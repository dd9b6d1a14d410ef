package dev.rill.recipe;

import java.net.http.HttpClient.Version;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.openai.OpenAiImageModel;
import dev.rill.graph.FlowEvent;
import dev.rill.llm.LlmProperties;
import dev.rill.recipe.internal.RecipeImageRepository;
import dev.rill.shared.IdKind;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Pictures of recipes: drawn by an image model after the turn that saved the recipe, or, without one (or until the
 * picture exists), an SVG card ({@link RecipeCard}).
 *
 * <p>Drawing is a follow-up of the turn ({@link FlowEvent.FollowUp}): it starts only once the run's {@code end} has
 * been written, so it never delays the answer, and its outcome goes to the run's followers as a
 * {@code recipe_image} event. langchain4j's image client blocks, so it runs on a scheduler of its own with
 * {@code rill.recipe.images.max-in-flight} threads; a recipe saved while all are busy gets no picture (logged, and
 * counted in {@value #METRIC} with {@code outcome=skipped}) rather than queueing behind them. A drawing that fails,
 * times out, or returns anything but a PNG, JPEG or WebP of at most {@code max-bytes} stores nothing, and never fails
 * the turn. Once started, a drawing runs to its end even when the run stops waiting for it, so a slow picture still
 * appears at the recipe's URL.
 *
 * <p>The endpoint is asked for {@code b64_json}: Rill never fetches a URL the endpoint names, and an answer that
 * only has a URL is refused.
 */
@Service
public class RecipePictures implements DisposableBean {

    /** Counter of pictures by {@code outcome}: {@code stored}, {@code failed}, {@code refused} or {@code skipped}. */
    public static final String METRIC = "rill.recipe.images";
    static final String EVENT = "recipe_image";

    /** A picture to serve: a stored one, or the SVG card. */
    public record Picture(byte[] bytes, String contentType, String sha256, boolean stored) {
    }

    private static final Logger log = LoggerFactory.getLogger(RecipePictures.class);

    private final RecipeService recipes;
    private final RecipeImageRepository images;
    private final RecipeProperties.Images settings;
    private final MeterRegistry meters;
    private final OpenAiImageModel model;
    private final Scheduler drawing;
    private final AtomicInteger inFlight = new AtomicInteger();

    RecipePictures(RecipeService recipes, RecipeImageRepository images, RecipeProperties properties,
                   LlmProperties llm, MeterRegistry meters) {
        this.recipes = recipes;
        this.images = images;
        this.settings = properties.images();
        this.meters = meters;
        if (!settings.enabled()) {
            this.model = null;
            this.drawing = null;
            return;
        }
        String apiKey = settings.apiKey() != null && !settings.apiKey().isBlank() ? settings.apiKey().strip()
                : llm.apiKey();
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalStateException("rill.recipe.images.model is set but there is no API key for it: set"
                    + " RILL_RECIPE_IMAGES_API_KEY or RILL_LLM_API_KEY");
        }
        this.model = OpenAiImageModel.builder()
                .httpClientBuilder(new Base64Answers(JdkHttpClient.builder()
                        .httpClientBuilder(java.net.http.HttpClient.newBuilder().version(Version.HTTP_1_1)),
                        !settings.model().startsWith("gpt-image")))
                .baseUrl(settings.baseUrl().isEmpty() ? llm.baseUrl() : settings.baseUrl())
                .apiKey(apiKey.strip())
                .modelName(settings.model())
                .size(settings.size())
                .timeout(settings.timeout())
                .maxRetries(0)
                .build();
        this.drawing = Schedulers.newBoundedElastic(settings.maxInFlight(), settings.maxInFlight(), "recipe-images");
    }

    /** Whether recipes get pictures drawn; otherwise they are shown as SVG cards. */
    public boolean enabled() {
        return model != null;
    }

    /**
     * The follow-up that draws the saved recipe's picture after the turn, and reports it as a {@code recipe_image}
     * event {@code {recipe_id, status, url, content_type}}; {@code null} when no image model is configured.
     */
    FlowEvent.FollowUp followUp(Recipe recipe) {
        if (!enabled()) {
            return null;
        }
        Mono<Map<String, Object>> event = Mono.defer(() -> {
            // Detached from the run: when the run stops waiting, the picture is still finished and stored.
            Mono<Map<String, Object>> drawn = draw(recipe).cache();
            drawn.subscribe();
            return drawn;
        });
        return new FlowEvent.FollowUp(EVENT, event, event(recipe.id(), "not_ready", RecipeCard.CONTENT_TYPE));
    }

    /**
     * The picture of the user's recipe: the stored one, or else its SVG card. 404 {@code not-found} when the recipe
     * does not exist or is someone else's.
     */
    public Mono<Picture> picture(UUID userId, UUID recipeId) {
        return recipes.requireOwned(userId, recipeId).flatMap(recipe -> images.findOwned(userId, recipeId)
                .map(row -> new Picture(row.bytes(), row.contentType(), row.sha256(), true))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    byte[] card = RecipeCard.render(recipe);
                    return new Picture(card, RecipeCard.CONTENT_TYPE, sha256(card), false);
                })));
    }

    /** The URL a recipe's picture (or card) is served at. */
    static String url(UUID recipeId) {
        return "/api/recipes/" + IdKind.RECIPE.format(recipeId) + "/image";
    }

    private Mono<Map<String, Object>> draw(Recipe recipe) {
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            count("skipped");
            log.warn("No picture for recipe {}: {} pictures are being drawn already", recipe.id(),
                    settings.maxInFlight());
            return Mono.just(event(recipe.id(), "skipped", RecipeCard.CONTENT_TYPE));
        }
        return Mono.fromCallable(() -> checked(model.generate(prompt(recipe)).content()))
                .subscribeOn(drawing)
                .flatMap(picture -> images.insert(recipe.id(), picture.contentType(), picture.bytes(),
                                picture.sha256(), Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .then(images.findOwned(recipe.userId(), recipe.id()))
                        .map(stored -> {
                            count("stored");
                            return event(recipe.id(), "ready", stored.contentType());
                        }))
                .switchIfEmpty(Mono.fromSupplier(() -> event(recipe.id(), "failed", RecipeCard.CONTENT_TYPE)))
                .onErrorResume(e -> {
                    boolean refused = e instanceof Refused;
                    count(refused ? "refused" : "failed");
                    log.warn("No picture for recipe {}: {}", recipe.id(), refused ? e.getMessage() : e.toString());
                    return Mono.just(event(recipe.id(), "failed", RecipeCard.CONTENT_TYPE));
                })
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    /** Decodes and checks the endpoint's answer, on the drawing thread: an 8 MB decode is no job for an event loop. */
    private Picture checked(Image image) {
        String base64 = image == null ? null : image.base64Data();
        if (base64 == null || base64.isEmpty()) {
            throw new Refused("the image endpoint answered without b64_json (a URL is never fetched)");
        }
        // Four characters carry three bytes: refuse what is too large before decoding it.
        if ((long) base64.length() / 4 * 3 > settings.maxBytes() + 3L) {
            throw new Refused("the picture is larger than " + settings.maxBytes() + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Refused("the picture is not valid base64");
        }
        if (bytes.length > settings.maxBytes()) {
            throw new Refused("the picture is larger than " + settings.maxBytes() + " bytes");
        }
        String type = ImageFormats.detect(bytes);
        if (type == null) {
            throw new Refused("the answer is not a PNG, JPEG or WebP picture");
        }
        return new Picture(bytes, type, sha256(bytes), true);
    }

    static String prompt(Recipe recipe) {
        StringBuilder ingredients = new StringBuilder();
        for (Map<String, Object> ingredient : recipe.selectedIngredients()) {
            if (ingredient.get("name") instanceof String name) {
                ingredients.append(ingredients.isEmpty() ? "" : ", ").append(name);
            }
        }
        return "An appetising photograph of a home-cooked dish called \"" + recipe.title() + "\", made with "
                + ingredients + ". Served on a plate, natural light, seen from above. No text, labels or people.";
    }

    private static Map<String, Object> event(UUID recipeId, String status, String contentType) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recipe_id", IdKind.RECIPE.format(recipeId));
        fields.put("status", status);
        fields.put("url", url(recipeId));
        fields.put("content_type", contentType);
        return fields;
    }

    private void count(String outcome) {
        meters.counter(METRIC, "outcome", outcome).increment();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    @Override
    public void destroy() {
        if (drawing != null) {
            drawing.dispose();
        }
    }

    /** An answer from the image endpoint that is not stored. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Asks for {@code "response_format": "b64_json"}, which langchain4j 1.19's image model has no setting for, by
     * adding it to each request's JSON body. The gpt-image models always answer in base64 and refuse the parameter,
     * so it is left out for them ({@code addFormat} false).
     */
    private record Base64Answers(HttpClientBuilder delegate, boolean addFormat) implements HttpClientBuilder {

        @Override
        public Duration connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            delegate.connectTimeout(timeout);
            return this;
        }

        @Override
        public Duration readTimeout() {
            return delegate.readTimeout();
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            delegate.readTimeout(timeout);
            return this;
        }

        @Override
        public HttpClient build() {
            HttpClient client = delegate.build();
            return new HttpClient() {
                @Override
                public SuccessfulHttpResponse execute(HttpRequest request) {
                    return client.execute(withFormat(request));
                }

                @Override
                public void execute(HttpRequest request, ServerSentEventParser parser,
                                    ServerSentEventListener listener) {
                    client.execute(withFormat(request), parser, listener);
                }
            };
        }

        private HttpRequest withFormat(HttpRequest request) {
            String body = request.body();
            if (!addFormat || body == null || !body.startsWith("{") || body.contains("\"response_format\"")) {
                return request;
            }
            String rest = body.substring(1).strip();
            return HttpRequest.builder().method(request.method()).url(request.url()).headers(request.headers())
                    .body("{\"response_format\":\"b64_json\"" + (rest.startsWith("}") ? "" : ",") + rest).build();
        }
    }
}
