package dev.rill.recipe;

import dev.rill.shared.ProblemType;
import org.springframework.http.HttpStatus;

/**
 * Problem types of the recipe feature. The recipe flow fails its run with these; a run's error event carries the
 * slug, so clients branch on it as on any problem type.
 */
public final class RecipeProblems {

    /** The model's proposal was not usable JSON, or broke the rules, twice in a row. A 502: the model's fault. */
    public static final ProblemType PROPOSAL_INVALID = new ProblemType("recipe-proposal-invalid",
            "The language model did not propose a usable meal", HttpStatus.BAD_GATEWAY);
    /** The offline demo model found no food it knows in the message. */
    public static final ProblemType NO_FOODS_NAMED = new ProblemType("recipe-no-foods-named",
            "No known foods were named", HttpStatus.UNPROCESSABLE_CONTENT);
    /** Every ingredient had to be left out (allergies, or foods unsafe for the pet). */
    public static final ProblemType NOTHING_LEFT = new ProblemType("recipe-nothing-left",
            "Every ingredient was excluded", HttpStatus.UNPROCESSABLE_CONTENT);

    private RecipeProblems() {
    }
}
