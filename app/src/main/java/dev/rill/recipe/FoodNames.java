package dev.rill.recipe;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns food names into comparable keys, so that matching ignores case, punctuation, plurals and word order:
 * {@code "Tomatoes, ripe"}, {@code "ripe tomato"} and {@code "RIPE  TOMATO."} all have the key {@code "ripe tomato"}.
 * Korean has no plural and its word order carries meaning inside compounds, so Korean words are joined in the
 * order given and without spaces ({@code "닭 가슴살"} and {@code "닭가슴살"} are the same).
 */
final class FoodNames {

    /** Words that describe preparation or size, not the food; dropped when the full name finds nothing. */
    static final Set<String> DESCRIPTORS = Set.of("fresh", "chopped", "diced", "sliced", "minced", "grated",
            "shredded", "peeled", "boneless", "fillet", "filet", "lean", "ground", "large", "medium", "small",
            "organic", "plain", "unsalted", "frozen", "cooked", "steamed", "boiled", "baked", "roasted", "grilled",
            "cut", "piece", "cube", "of", "a", "an", "the", "some",
            "다진", "삶은", "익힌", "생", "신선한", "볶은", "데친", "구운", "찐", "썬", "채썬", "손질한", "냉동", "유기농", "국산");

    private static final Map<String, String> IRREGULAR = Map.of("leaves", "leaf", "loaves", "loaf", "halves", "half",
            "chilies", "chili", "chillies", "chili", "chilli", "chili", "chilly", "chili");

    private FoodNames() {
    }

    /** Lower case, compatibility-normalised, every run of non-letters and non-digits turned into one space. */
    static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = true;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().strip();
    }

    /** The normalised words, English plurals made singular. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : normalize(text).split(" ")) {
            if (!word.isEmpty()) {
                words.add(singular(word));
            }
        }
        return words;
    }

    /** {@code words} without {@link #DESCRIPTORS}. */
    static List<String> withoutDescriptors(List<String> words) {
        return words.stream().filter(word -> !DESCRIPTORS.contains(word)).toList();
    }

    /** The comparable key of a list of words: sorted for English, joined in order for anything with Hangul. */
    static String key(List<String> words) {
        if (words.stream().anyMatch(FoodNames::hasHangul)) {
            return String.join("", words);
        }
        return String.join(" ", words.stream().sorted().toList());
    }

    static String key(String text) {
        return key(words(text));
    }

    static boolean hasHangul(String text) {
        return text.codePoints().anyMatch(FoodNames::isHangul);
    }

    static boolean isHangul(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HANGUL;
    }

    /**
     * English singular of a word by the common rules: berries → berry, tomatoes → tomato, peaches → peach,
     * carrots → carrot; words ending in ss, us or is are left alone (asparagus, hummus). Not a dictionary: both
     * sides of a comparison go through it, so a wrong singular ("molasses" → "molass") still matches itself.
     */
    static String singular(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        int n = word.length();
        if (n <= 3 || !word.endsWith("s") || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return word;
        }
        if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) {
            return word;
        }
        if (word.endsWith("ies")) {
            return word.substring(0, n - 3) + "y";
        }
        if (word.endsWith("oes") || word.endsWith("ches") || word.endsWith("shes") || word.endsWith("xes")) {
            return word.substring(0, n - 2);
        }
        return word.substring(0, n - 1);
    }
}
