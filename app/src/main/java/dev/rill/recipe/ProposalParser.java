package dev.rill.recipe;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the model's {@code meal_proposal} JSON and checks it. A server may ignore the response format, and a model
 * may still break the rules inside valid JSON, so nothing is trusted: every problem is collected, in words the model
 * can act on when asked again, and a proposal comes out only when there is none.
 */
final class ProposalParser {

    static final int MAX_TITLE_LENGTH = 120;
    static final int MAX_INGREDIENTS = 30;
    static final int MAX_NAME_LENGTH = 80;
    static final double MAX_GRAMS = 5000;
    static final int MAX_SERVINGS = 12;
    static final int MAX_STEPS = 30;
    static final int MAX_STEP_LENGTH = 1000;

    /** Either a proposal or the problems that kept the answer from being one. */
    record Result(MealProposal proposal, List<String> problems) {
        boolean valid() {
            return proposal != null;
        }
    }

    private ProposalParser() {
    }

    static Result parse(String answer) {
        JsonNode root;
        try {
            root = RecipeJson.MAPPER.readTree(withoutCodeFence(answer));
        } catch (JacksonException e) {
            return invalid(List.of("the answer is not valid JSON"));
        }
        if (root == null || !root.isObject()) {
            return invalid(List.of("the answer must be one JSON object"));
        }
        List<String> problems = new ArrayList<>();
        String title = text(root.get("title"), "title", MAX_TITLE_LENGTH, problems);
        int servings = servings(root.get("servings"), problems);
        List<MealProposal.Ingredient> ingredients = ingredients(root.get("ingredients"), problems);
        List<String> steps = steps(root.get("steps"), problems);
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        return new Result(new MealProposal(title, servings, ingredients, steps), List.of());
    }

    private static Result invalid(List<String> problems) {
        return new Result(null, List.copyOf(problems));
    }

    /** Some models wrap JSON in a Markdown code fence even when asked for JSON alone. */
    static String withoutCodeFence(String answer) {
        String text = answer.strip();
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int closing = text.lastIndexOf("```");
            if (firstLine > 0 && closing > firstLine) {
                return text.substring(firstLine + 1, closing).strip();
            }
        }
        return text;
    }

    private static String text(JsonNode node, String field, int max, List<String> problems) {
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            problems.add(field + " must be a non-empty string");
            return null;
        }
        String value = node.stringValue().strip();
        if (value.codePointCount(0, value.length()) > max) {
            problems.add(field + " must be at most " + max + " characters");
        }
        return value;
    }

    private static int servings(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return 1;
        }
        if (!node.isNumber() || node.doubleValue() != Math.rint(node.doubleValue())
                || node.doubleValue() < 1 || node.doubleValue() > MAX_SERVINGS) {
            problems.add("servings must be a whole number from 1 to " + MAX_SERVINGS);
            return 1;
        }
        return (int) node.doubleValue();
    }

    private static List<MealProposal.Ingredient> ingredients(JsonNode node, List<String> problems) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_INGREDIENTS) {
            problems.add("ingredients must be an array of 1 to " + MAX_INGREDIENTS + " items");
            return List.of();
        }
        List<MealProposal.Ingredient> ingredients = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String at = "ingredients[" + i + "]";
            if (item == null || !item.isObject()) {
                problems.add(at + " must be an object with name and grams");
                continue;
            }
            String name = text(item.get("name"), at + ".name", MAX_NAME_LENGTH, problems);
            JsonNode grams = item.get("grams");
            if (grams == null || !grams.isNumber() || !(grams.doubleValue() > 0) || grams.doubleValue() > MAX_GRAMS) {
                problems.add(at + ".grams must be a number above 0 and at most " + (int) MAX_GRAMS);
                continue;
            }
            if (name != null) {
                ingredients.add(new MealProposal.Ingredient(name, grams.doubleValue()));
            }
        }
        return ingredients;
    }

    private static List<String> steps(JsonNode node, List<String> problems) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_STEPS) {
            problems.add("steps must be an array of 1 to " + MAX_STEPS + " strings");
            return List.of();
        }
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String step = text(node.get(i), "steps[" + i + "]", MAX_STEP_LENGTH, problems);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }
}
