package dev.rill.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectUnauthorized;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/recipes and /api/recipes/{id}: cursor paging, q search, isolation between users, and bad input. */
class RecipeApiTest extends HttpTest {

    @Autowired
    RecipeService recipes;

    /** Saves a recipe as the flow would, and returns its wire ID. */
    private String save(Session session, String title, String... ingredients) {
        List<MealProposal.Ingredient> items = new ArrayList<>();
        for (String ingredient : ingredients) {
            items.add(new MealProposal.Ingredient(ingredient, 100));
        }
        MealProposal proposal = new MealProposal(title, 1, items, List.of("Cook."));
        Recipe recipe = recipes.check(proposal, null)
                .flatMap(meal -> recipes.save(IdKind.USER.parse(session.userId()), null, null, meal)).block();
        return IdKind.RECIPE.format(recipe.id());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> getJson(Session session, String uri, Object... variables) {
        return client.get().uri(uri, variables).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> list) {
        return ((List<Map<String, Object>>) list.get("results")).stream().map(m -> (String) m.get("id")).toList();
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void threePagesOfTwoYieldEveryRecipeExactlyOnceNewestFirst() {
        Session alice = signUp();
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            saved.add(save(alice, "meal " + i, "rice"));
        }

        EntityExchangeResult<Map> first = client.get().uri("/api/recipes?limit=2")
                .header("Authorization", alice.bearer()).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult();
        String link = first.getResponseHeaders().getFirst("Link");
        assertThat(link).matches("</api/recipes\\?limit=2&cursor=[A-Za-z0-9_-]+>; rel=\"next\"");
        Map<String, Object> second = getJson(alice, link.substring(1, link.indexOf('>')));
        Map<String, Object> third = getJson(alice, "/api/recipes?limit=2&cursor=" + second.get("next_cursor"));
        assertThat(third).containsEntry("has_next", false).containsEntry("next_cursor", null);

        List<String> seen = new ArrayList<>(ids(first.getResponseBody()));
        seen.addAll(ids(second));
        seen.addAll(ids(third));
        Collections.reverse(saved);
        assertThat(seen).containsExactlyElementsOf(saved);
        Map<String, Object> entry = ((List<Map<String, Object>>) first.getResponseBody().get("results")).get(0);
        assertThat(entry).containsKeys("id", "title", "created_at", "selected_ingredients", "validation_ingredients",
                "calculation_result", "steps");
    }

    @Test
    void searchFindsTitlesIngredientsAndMatchedFoodNamesIgnoringCase() {
        Session alice = signUp();
        String bowl = save(alice, "Salmon Bowl", "연어", "쌀");
        String soup = save(alice, "Green soup", "시금치", "potato");
        String plain = save(alice, "Plain 100% rice", "rice");

        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "bowl"))).containsExactly(bowl);
        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "연어"))).containsExactly(bowl);
        // 시금치 matched IFCT "Spinach"; "rice" finds the title and the foods "Rice, raw, milled"
        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "SPINACH"))).containsExactly(soup);
        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "rice"))).containsExactly(plain, bowl);
        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "100%"))).containsExactly(plain);
        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "_"))).isEmpty();
        assertThat(ids(getJson(alice, "/api/recipes?q={q}", "  "))).hasSize(3);
    }

    @Test
    void anotherUsersRecipeIsNotFoundAndNotListed() {
        Session alice = signUp();
        Session bob = signUp();
        String alices = save(alice, "Alice's meal", "rice");
        save(bob, "Bob's meal", "rice");

        expectProblem(client.get().uri("/api/recipes/" + alices).header("Authorization", bob.bearer()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
        assertThat(ids(getJson(bob, "/api/recipes"))).doesNotContain(alices).hasSize(1);
        assertThat(ids(getJson(bob, "/api/recipes?q={q}", "alice"))).isEmpty();
        assertThat(getJson(alice, "/api/recipes/" + alices)).containsEntry("title", "Alice's meal");
    }

    @Test
    void badInputsAreProblems() {
        Session alice = signUp();
        expectProblem(client.get().uri("/api/recipes/recipe-123").header("Authorization", alice.bearer())
                .exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.get().uri("/api/recipes/chat-" + UUID.randomUUID())
                .header("Authorization", alice.bearer()).exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        expectProblem(client.get().uri("/api/recipes/recipe-" + UUID.randomUUID())
                .header("Authorization", alice.bearer()).exchange(), HttpStatus.NOT_FOUND, "not-found");
        expectValidation(client.get().uri("/api/recipes?limit=0").header("Authorization", alice.bearer())
                .exchange(), "limit");
        expectValidation(client.get().uri("/api/recipes?limit=51").header("Authorization", alice.bearer())
                .exchange(), "limit");
        expectValidation(client.get().uri("/api/recipes?limit=ten&cursor=zzz").header("Authorization", alice.bearer())
                .exchange(), "limit", "cursor");
        expectValidation(client.get().uri("/api/recipes?q=" + "x".repeat(201)).header("Authorization", alice.bearer())
                .exchange(), "q");
        expectUnauthorized(client.get().uri("/api/recipes").exchange());
    }
}
