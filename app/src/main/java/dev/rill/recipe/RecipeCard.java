package dev.rill.recipe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The picture of a recipe that has none: an SVG card with its title and its heaviest ingredients. A pure function
 * of the recipe's title and ingredients, so the same recipe always gives the same bytes (and ETag), and cheap
 * enough to draw on every request instead of storing it.
 *
 * <p>Every piece of text is XML-escaped, and characters XML does not allow are dropped, so a title such as
 * {@code <script>&"'} stays text and the document stays well-formed. The card has no script, links or external
 * references; it is served with a Content-Security-Policy that would block them anyway.
 */
final class RecipeCard {

    static final String CONTENT_TYPE = "image/svg+xml";
    /** How many ingredients the card lists, heaviest first. */
    static final int INGREDIENTS = 4;

    private static final int TITLE_CHARS = 34;
    private static final int INGREDIENT_CHARS = 40;

    private RecipeCard() {
    }

    static byte[] render(Recipe recipe) {
        String title = recipe.title();
        // A hue from the title, so cards differ from each other but a recipe's card never changes.
        int hue = Math.floorMod(title.hashCode(), 360);
        StringBuilder svg = new StringBuilder(1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\"")
                .append(" viewBox=\"0 0 640 400\" role=\"img\" aria-label=\"").append(escape(title)).append("\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"640\" height=\"400\" rx=\"24\" fill=\"hsl(").append(hue)
                .append(", 45%, 92%)\"/>\n")
                .append("<rect x=\"0\" y=\"0\" width=\"16\" height=\"400\" fill=\"hsl(").append(hue)
                .append(", 45%, 55%)\"/>\n")
                .append("<text x=\"48\" y=\"88\" font-family=\"sans-serif\" font-size=\"32\" font-weight=\"bold\"")
                .append(" fill=\"#222222\">").append(escape(shorten(title, TITLE_CHARS))).append("</text>\n");
        List<String> lines = mainIngredients(recipe);
        for (int i = 0; i < lines.size(); i++) {
            svg.append("<text x=\"48\" y=\"").append(160 + i * 44)
                    .append("\" font-family=\"sans-serif\" font-size=\"24\" fill=\"#444444\">")
                    .append(escape(shorten(lines.get(i), INGREDIENT_CHARS))).append("</text>\n");
        }
        svg.append("<text x=\"48\" y=\"364\" font-family=\"sans-serif\" font-size=\"16\" fill=\"#777777\">")
                .append("Rill recipe</text>\n</svg>\n");
        return svg.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** "• salmon · 120 g" for the heaviest ingredients; equal weights keep the recipe's order. */
    static List<String> mainIngredients(Recipe recipe) {
        List<Map<String, Object>> ingredients = new ArrayList<>(recipe.selectedIngredients());
        ingredients.sort(Comparator.comparingDouble(RecipeCard::grams).reversed());
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> ingredient : ingredients.subList(0, Math.min(INGREDIENTS, ingredients.size()))) {
            Object name = ingredient.get("name");
            double grams = grams(ingredient);
            lines.add("\u2022 " + (name == null ? "?" : name) + " \u00b7 "
                    + (grams == Math.rint(grams) ? Long.toString((long) grams)
                            : String.format(Locale.ROOT, "%.1f", grams)) + " g");
        }
        return lines;
    }

    private static double grams(Map<String, Object> ingredient) {
        return ingredient.get("grams") instanceof Number number ? number.doubleValue() : 0;
    }

    private static String shorten(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints - 1)) + "\u2026";
    }

    /** Escaped for both text and attribute values; characters that XML 1.0 forbids are left out. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (allowedInXml(c)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
