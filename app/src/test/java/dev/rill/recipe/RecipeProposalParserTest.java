package dev.rill.recipe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The model's answer becomes a proposal only when it follows every rule; otherwise each problem is named. */
class RecipeProposalParserTest {

    private static final String VALID = """
            {"title": " Bowl ", "servings": 2, "ingredients": [{"name": "rice", "grams": 75.5}],
             "steps": ["Cook."]}""";

    @Test
    void validAnswerBecomesAProposal() {
        ProposalParser.Result result = ProposalParser.parse(VALID);
        assertThat(result.valid()).isTrue();
        assertThat(result.proposal().title()).isEqualTo("Bowl");
        assertThat(result.proposal().servings()).isEqualTo(2);
        assertThat(result.proposal().ingredients()).containsExactly(new MealProposal.Ingredient("rice", 75.5));
    }

    @Test
    void codeFenceAndMissingServingsAreTolerated() {
        ProposalParser.Result result = ProposalParser.parse("```json\n" + VALID.replace("\"servings\": 2,", "")
                + "\n```");
        assertThat(result.valid()).isTrue();
        assertThat(result.proposal().servings()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "not json|not valid JSON",
            "[1, 2]|one JSON object",
            "{\"servings\": 1, \"ingredients\": [{\"name\": \"rice\", \"grams\": 1}], \"steps\": [\"a\"]}|title",
            "{\"title\": \" \", \"ingredients\": [{\"name\": \"rice\", \"grams\": 1}], \"steps\": [\"a\"]}|title",
            "{\"title\": \"t\", \"ingredients\": [], \"steps\": [\"a\"]}|ingredients must be an array",
            "{\"title\": \"t\", \"ingredients\": [{\"name\": \"rice\", \"grams\": 0}], \"steps\": [\"a\"]}|ingredients[0].grams",
            "{\"title\": \"t\", \"ingredients\": [{\"name\": \"rice\", \"grams\": 5001}], \"steps\": [\"a\"]}|ingredients[0].grams",
            "{\"title\": \"t\", \"ingredients\": [{\"name\": \"rice\", \"grams\": \"100\"}], \"steps\": [\"a\"]}|ingredients[0].grams",
            "{\"title\": \"t\", \"ingredients\": [{\"grams\": 10}], \"steps\": [\"a\"]}|ingredients[0].name",
            "{\"title\": \"t\", \"ingredients\": [\"rice\"], \"steps\": [\"a\"]}|ingredients[0] must be an object",
            "{\"title\": \"t\", \"servings\": 1.5, \"ingredients\": [{\"name\": \"r\", \"grams\": 1}], \"steps\": [\"a\"]}|servings",
            "{\"title\": \"t\", \"servings\": 13, \"ingredients\": [{\"name\": \"r\", \"grams\": 1}], \"steps\": [\"a\"]}|servings",
            "{\"title\": \"t\", \"ingredients\": [{\"name\": \"r\", \"grams\": 1}]}|steps",
            "{\"title\": \"t\", \"ingredients\": [{\"name\": \"r\", \"grams\": 1}], \"steps\": [\"\"]}|steps[0]"})
    void brokenRuleIsNamed(String answer, String problem) {
        ProposalParser.Result result = ProposalParser.parse(answer);
        assertThat(result.valid()).isFalse();
        assertThat(String.join("; ", result.problems())).contains(problem);
    }

    @Test
    void thirtyOneIngredientsAreTooMany() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            items.append(i == 0 ? "" : ",").append("{\"name\": \"rice\", \"grams\": 1}");
        }
        ProposalParser.Result result = ProposalParser.parse("{\"title\": \"t\", \"ingredients\": [" + items
                + "], \"steps\": [\"a\"]}");
        assertThat(result.problems()).anyMatch(p -> p.startsWith("ingredients must be an array of 1 to 30"));
    }
}
