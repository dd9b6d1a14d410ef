package dev.rill.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.rill.chat.MessageRole;
import dev.rill.graph.Flow;
import dev.rill.graph.FlowContext;
import dev.rill.graph.FlowEvent;
import dev.rill.llm.LlmService;
import dev.rill.llm.ReplyChunk;
import dev.rill.llm.ReplyRequest;
import dev.rill.llm.ResponseSchema;
import dev.rill.llm.Turn;
import dev.rill.profile.Profile;
import dev.rill.profile.ProfileService;
import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The recipe flow: designs one meal for the room's profile, checks it against the nutrition table, saves it, and
 * hands over to the basic flow to explain it.
 *
 * <p>Events, in order: {@code Status} "Designing a meal…"; a {@code Usage} per model call (and, if the first answer
 * was unusable, a {@code Status} saying so before the second call); {@code Structured}
 * {@code {selected_ingredients, validation_ingredients}}; {@code Structured} {@code {calculation_result}}; after the
 * save, {@code Named} {@code new_recipe_message} {@code {recipe_id}}, a {@code recipe} {@code Message} with the
 * recipe's summary, when an image model is configured a {@code FollowUp} that draws the recipe's picture after the
 * turn ({@link RecipePictures}), and {@code HandOff} to {@code basic} with a factual briefing.
 *
 * <p>The model answers in the {@code meal_proposal} JSON schema. An answer that is not valid JSON or breaks the
 * rules ({@link ProposalParser}) is asked for once more, with the problems named; a second failure fails the flux
 * with {@link RecipeProblems#PROPOSAL_INVALID}, and nothing is saved. With the offline demo model there is no
 * model to ask: the meal is built from the foods the message names ({@link OfflineMeals}) and says so.
 *
 * <p>A profile the room names that no longer exists (deleted since) is treated as no profile.
 */
@Component
public class RecipeFlow implements Flow {

    static final String NAME = "recipe";
    static final String DESIGNING = "Designing a meal…";
    static final String DESIGNING_OFFLINE = "Designing a meal… (offline demo model: the meal is built from the foods"
            + " named in your message, in default portions)";
    static final String RETRYING = "The proposed meal was not usable; asking the model again…";
    static final String SCHEMA_NAME = "meal_proposal";
    static final ResponseSchema SCHEMA = new ResponseSchema(SCHEMA_NAME, schema());

    private final LlmService llm;
    private final ProfileService profiles;
    private final RecipeService recipes;
    private final NutritionTable table;
    private final RecipePictures pictures;

    RecipeFlow(LlmService llm, ProfileService profiles, RecipeService recipes, NutritionTable table,
               RecipePictures pictures) {
        this.llm = llm;
        this.profiles = profiles;
        this.recipes = recipes;
        this.table = table;
        this.pictures = pictures;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Designs one meal (a recipe with ingredients in grams and steps) for the user or their dog or cat,"
                + " checks every ingredient against a nutrition table, leaves out allergens and foods unsafe for"
                + " pets, computes calories and nutrients against the daily need, and saves the recipe. Use when"
                + " the user asks for a recipe, a meal, a diet or menu plan, or what to cook or feed.";
    }

    @Override
    public List<String> examples() {
        return List.of(
                "Make a dinner recipe for my dog",
                "Suggest a healthy meal with chicken and rice",
                "What should I cook for my cat today?",
                "Plan a high-protein lunch for me",
                "Give me a recipe using salmon and spinach",
                "I have potatoes, carrots and eggs. What can I make?",
                "Recommend a balanced homemade meal for my 10 kg puppy",
                "Design a low-calorie breakfast",
                "우리 강아지 저녁 식단 만들어줘",
                "닭가슴살이랑 고구마로 레시피 추천해줘",
                "고양이 수제 사료 레시피 알려줘",
                "오늘 점심 메뉴 추천해 줘",
                "다이어트 식단 짜줘",
                "연어와 시금치로 건강한 요리 만들어줘",
                "냉장고에 계란이랑 감자 있는데 뭐 해 먹지?",
                "반려견 알레르기 고려해서 식단 구성해줘");
    }

    /** One step of designing the meal: an event to pass on, or the proposal to go on with. */
    private sealed interface Step {
        record Emit(FlowEvent event) implements Step {
        }

        record Proposed(MealProposal proposal) implements Step {
        }
    }

    @Override
    public Flux<FlowEvent> run(FlowContext context) {
        return Flux.defer(() -> profile(context).flatMapMany(found -> {
            Profile profile = found.orElse(null);
            boolean offline = llm.describe().offline();
            Flux<Step> design = offline ? offline(context, profile) : askModel(context, profile);
            return Flux.<FlowEvent>just(new FlowEvent.Status(offline ? DESIGNING_OFFLINE : DESIGNING))
                    .concatWith(design.concatMap(step -> step instanceof Step.Emit emit ? Flux.just(emit.event())
                            : checkAndSave(context, profile, ((Step.Proposed) step).proposal(), offline)));
        }));
    }

    private Mono<Optional<Profile>> profile(FlowContext context) {
        if (context.profileId() == null) {
            return Mono.just(Optional.empty());
        }
        return profiles.requireOwned(context.userId(), context.profileId()).map(Optional::of)
                .onErrorResume(e -> e instanceof RillException problem
                        && problem.type().equals(ProblemType.NOT_FOUND), e -> Mono.just(Optional.empty()));
    }

    private Flux<Step> offline(FlowContext context, Profile profile) {
        return table.catalog().map(catalog -> (Step) new Step.Proposed(
                OfflineMeals.propose(context.message(), profile, catalog))).flux();
    }

    private Flux<Step> askModel(FlowContext context, Profile profile) {
        Mono<Double> energy = profile == null ? Mono.just(-1.0) : table.catalog()
                .map(catalog -> Optional.ofNullable(DailyNeed.of(profile, catalog.intakes()).perDay()
                        .get(Nutrients.ENERGY)).orElse(-1.0));
        return energy.flatMapMany(dayKcal -> {
            ReplyRequest first = context.ask(ReplyRequest.of(systemPrompt(context, profile, dayKcal),
                    context.history()).withResponseSchema(SCHEMA));
            return attempt(first, 1);
        });
    }

    /** One model call; an unusable answer is asked for once more with its problems, then fails the flow. */
    private Flux<Step> attempt(ReplyRequest request, int number) {
        return collect(request).flatMapMany(reply -> {
            Step usage = new Step.Emit(reply.usage(request));
            ProposalParser.Result parsed = ProposalParser.parse(reply.text());
            if (parsed.valid()) {
                return Flux.just(usage, new Step.Proposed(parsed.proposal()));
            }
            List<String> problems = new ArrayList<>(parsed.problems());
            if (ReplyChunk.Finished.LENGTH.equals(reply.finishReason())) {
                problems.add("the answer was cut off at the length limit, so keep it shorter");
            }
            if (number == 1) {
                return Flux.just(usage, new Step.Emit(new FlowEvent.Status(RETRYING)))
                        .concatWith(attempt(retry(request, reply.text(), problems), 2));
            }
            return Flux.just(usage).concatWith(Flux.error(new RillException(RecipeProblems.PROPOSAL_INVALID,
                    "The language model did not propose a usable meal twice in a row, so no recipe was saved."
                            + " Please ask again, perhaps naming the foods you have in mind.")
                    .with("problems", problems)));
        });
    }

    /** The text, usage and finish reason of one streamed reply. */
    private record Reply(String text, ReplyChunk.Usage reported, String finishReason) {

        /** The upstream's count, or an estimate of about four characters per token when it sent none. */
        FlowEvent.Usage usage(ReplyRequest request) {
            if (reported != null) {
                return new FlowEvent.Usage(reported.promptTokens(), reported.completionTokens(), false);
            }
            int promptChars = request.systemPrompt() == null ? 0 : request.systemPrompt().length();
            for (Turn turn : request.history()) {
                promptChars += turn.text().length();
            }
            return new FlowEvent.Usage(Math.max(1, promptChars / 4), Math.max(1, text.length() / 4), true);
        }
    }

    private Mono<Reply> collect(ReplyRequest request) {
        return Mono.defer(() -> {
            StringBuilder text = new StringBuilder();
            ReplyChunk.Usage[] usage = new ReplyChunk.Usage[1];
            String[] finish = {null};
            return llm.stream(request)
                    .doOnNext(chunk -> {
                        // Java 17: no pattern switch. Tool calls are not asked for and are ignored.
                        if (chunk instanceof ReplyChunk.Token token) {
                            text.append(token.text());
                        } else if (chunk instanceof ReplyChunk.Usage counted) {
                            usage[0] = counted;
                        } else if (chunk instanceof ReplyChunk.Finished finished) {
                            finish[0] = finished.finishReason();
                        }
                    })
                    .then(Mono.fromSupplier(() -> new Reply(text.toString(), usage[0], finish[0])));
        });
    }

    private static ReplyRequest retry(ReplyRequest previous, String answer, List<String> problems) {
        List<Turn> history = new ArrayList<>(previous.history());
        String shown = answer.length() > 4000 ? answer.substring(0, 4000) + "…" : answer;
        history.add(Turn.assistant(shown.isBlank() ? "(empty answer)" : shown));
        history.add(Turn.user("Your previous answer could not be used: " + String.join("; ", problems)
                + ". Answer again with only the JSON object of the " + SCHEMA_NAME + " schema, fixing these"
                + " problems."));
        return new ReplyRequest(previous.systemPrompt(), history, previous.tools(), previous.modelOverride(),
                previous.credentialsOverride(), previous.responseSchema());
    }

    static String systemPrompt(FlowContext context, Profile profile, double dayKcal) {
        StringBuilder prompt = new StringBuilder("""
                You design one meal (a recipe) that answers the user's request. Reply with one JSON object only, \
                following the meal_proposal schema:
                - title: a short name for the dish, in the user's language
                - servings: how many portions the amounts make, 1 to 12
                - ingredients: 1 to 30 items, each {"name", "grams"}: name is one plain food (such as \
                "chicken breast", "brown rice" or "당근"), without amounts or preparation; grams is its weight \
                in grams, above 0 and at most 5000
                - steps: 1 to 30 short preparation steps, in order
                Use whole, common foods, and list each food on its own (not "salt and pepper").
                """);
        if (profile == null) {
            prompt.append("The meal is for the user; nothing is known about their needs.\n");
        } else {
            prompt.append("The meal is for ").append(describe(profile)).append(".\n");
            if (dayKcal > 0) {
                prompt.append("Their daily energy need is about ").append(Math.round(dayKcal))
                        .append(" kcal; size one serving as one meal of that day.\n");
            }
            if (!profile.allergies().isEmpty()) {
                prompt.append("Allergies: never use these or anything made from them: ")
                        .append(String.join(", ", profile.allergies())).append(".\n");
            }
            if (profile.species().isPet()) {
                prompt.append("This is a ").append(profile.species().wire()).append(": never use onion, garlic, leek,"
                        + " chives, grapes, raisins, chocolate, xylitol, macadamia nuts, coffee or alcohol, and add"
                        + " no salt or seasoning.\n");
            }
        }
        if (context.briefing() != null && !context.briefing().isBlank()) {
            prompt.append("Context from the previous step: ").append(context.briefing()).append('\n');
        }
        return prompt.toString();
    }

    private static String describe(Profile profile) {
        String who = switch (profile.species()) {
            case HUMAN -> "a person" + (profile.sex() == null ? "" : " (" + profile.sex().wire() + ")");
            case DOG -> "a dog";
            case CAT -> "a cat";
        };
        return who + " called " + profile.name() + ", " + number(profile.weightKg()) + " kg, "
                + number(profile.ageYears()) + " years old, " + profile.activity().wire() + " activity";
    }

    private Flux<FlowEvent> checkAndSave(FlowContext context, Profile profile, MealProposal proposal,
                                         boolean offline) {
        return recipes.check(proposal, profile).flatMapMany(meal -> {
            if (meal.selectedIngredients().isEmpty()) {
                return Flux.error(new RillException(RecipeProblems.NOTHING_LEFT, "Every proposed ingredient had to be"
                        + " left out (" + reasons(meal.withStatus(IngredientCheck.Status.EXCLUDED)) + "), so no"
                        + " recipe was saved."));
            }
            Map<String, Object> validation = new LinkedHashMap<>();
            validation.put("selected_ingredients", meal.selectedIngredients());
            validation.put("validation_ingredients", meal.validationIngredients());
            Map<String, Object> calculation = new LinkedHashMap<>();
            calculation.put("calculation_result", meal.calculationResult());
            Flux<FlowEvent> checked = Flux.just(new FlowEvent.Structured(validation),
                    new FlowEvent.Structured(calculation));
            return checked.concatWith(recipes.save(context.userId(), context.chatId(), context.runId(), meal)
                    .flatMapMany(recipe -> {
                        String recipeId = IdKind.RECIPE.format(recipe.id());
                        Map<String, Object> named = new LinkedHashMap<>();
                        named.put("recipe_id", recipeId);
                        List<FlowEvent> events = new ArrayList<>(List.of(
                                new FlowEvent.Named("new_recipe_message", named),
                                new FlowEvent.Message(MessageRole.RECIPE, summary(recipeId, meal))));
                        FlowEvent.FollowUp picture = pictures.followUp(recipe);
                        if (picture != null) {
                            events.add(picture);
                        }
                        events.add(new FlowEvent.HandOff("basic", briefing(recipeId, meal, offline)));
                        return Flux.fromIterable(events);
                    }));
        });
    }

    /** The {@code recipe} message kept in the room: text to show under {@code message}, and the recipe's gist. */
    static Map<String, Object> summary(String recipeId, CheckedMeal meal) {
        Nutrients serving = meal.nutrition().perServing();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("message", meal.proposal().title() + ": " + Math.round(serving.energyKcal()) + " kcal and "
                + number(serving.proteinG()) + " g protein per serving (" + recipeId + ")");
        content.put("recipe_id", recipeId);
        content.put("title", meal.proposal().title());
        content.put("servings", meal.proposal().servings());
        content.put("selected_ingredients", meal.selectedIngredients());
        content.put("steps", meal.proposal().steps());
        content.put("per_serving", serving.toJson());
        content.put("daily_share_percent", new LinkedHashMap<>(meal.nutrition().sharePercent()));
        content.put("not_counted", meal.withStatus(IngredientCheck.Status.UNMATCHED).stream()
                .map(IngredientCheck::name).toList());
        content.put("excluded", meal.withStatus(IngredientCheck.Status.EXCLUDED).stream()
                .map(IngredientCheck::name).toList());
        return content;
    }

    /** Facts for the basic flow, which explains the meal to the user in their own words and language. */
    static String briefing(String recipeId, CheckedMeal meal, boolean offline) {
        MealNutrition nutrition = meal.nutrition();
        Nutrients serving = nutrition.perServing();
        StringBuilder text = new StringBuilder("The recipe flow saved a recipe (").append(recipeId).append(")");
        if (offline) {
            text.append(", built by the offline demo model from the foods named in the message");
        }
        text.append(".\nTitle: ").append(meal.proposal().title()).append("\nFor: ")
                .append(meal.profile() == null ? "no profile (no daily need known)" : describe(meal.profile()))
                .append("\nServings: ").append(meal.proposal().servings()).append("\nIngredients:");
        for (IngredientCheck check : meal.checks()) {
            if (check.selected()) {
                text.append("\n- ").append(check.name()).append(' ').append(number(check.grams())).append(" g")
                        .append(check.match().matched() ? " (" + check.match().food().name() + ")"
                                : " (not in the nutrition table, not counted: " + check.reason() + ")");
            }
        }
        List<IngredientCheck> excluded = meal.withStatus(IngredientCheck.Status.EXCLUDED);
        if (!excluded.isEmpty()) {
            text.append("\nLeft out: ").append(reasons(excluded));
        }
        text.append("\nPer serving: ");
        List<String> figures = new ArrayList<>();
        for (String key : List.of(Nutrients.ENERGY, Nutrients.PROTEIN, Nutrients.FAT, Nutrients.CARBOHYDRATE,
                Nutrients.FIBRE)) {
            Double share = nutrition.sharePercent().get(key);
            figures.add(key.replace('_', ' ') + " " + number(serving.get(key))
                    + (share == null ? "" : " (" + number(share) + "% of the daily need)"));
        }
        text.append(String.join(", ", figures)).append("\nSteps:");
        List<String> steps = meal.proposal().steps();
        for (int i = 0; i < steps.size(); i++) {
            text.append("\n").append(i + 1).append(". ").append(steps.get(i));
        }
        text.append("\nExplain this meal to the user in their language: what is in it, how it fits the daily need,"
                + " and any ingredient that could not be checked or was left out. Do not change the recipe.");
        return text.toString();
    }

    private static String reasons(List<IngredientCheck> checks) {
        return String.join("; ", checks.stream().map(check -> check.name() + ": " + check.reason()).toList());
    }

    private static String number(double value) {
        double rounded = Nutrients.round(value, 1);
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }

    private static Map<String, Object> schema() {
        Map<String, Object> ingredient = new LinkedHashMap<>();
        ingredient.put("type", "object");
        ingredient.put("properties", Map.of(
                "name", Map.of("type", "string", "description", "One plain food, without amount or preparation"),
                "grams", Map.of("type", "number", "description", "Weight in grams, above 0 and at most 5000")));
        ingredient.put("required", List.of("name", "grams"));
        ingredient.put("additionalProperties", false);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", Map.of("type", "string", "description", "Short name of the dish"));
        properties.put("servings", Map.of("type", "integer", "description", "Portions the amounts make, 1 to 12"));
        properties.put("ingredients", Map.of("type", "array", "items", ingredient,
                "description", "1 to 30 ingredients"));
        properties.put("steps", Map.of("type", "array", "items", Map.of("type", "string"),
                "description", "Preparation steps, in order"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("title", "servings", "ingredients", "steps"));
        schema.put("additionalProperties", false);
        return schema;
    }
}
