package dev.rill.graph;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bag-of-features similarity that works for Korean as well as English, where the offline embedding model (trained
 * on English) is weak: lower-cased words with a crude plural strip, and for Hangul the syllable bigrams of each
 * word, so that 레시피를 and 레시피 share features without a morphological analyser. Features are weighted by
 * inverse document frequency over all flows' examples, so words every flow uses ("please", "해줘") count little.
 */
final class LexicalProfile {

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "is", "are", "to", "of", "for", "and",
            "or", "in", "on", "me", "my", "i", "you", "it", "can", "do", "what", "how", "please", "with", "about");

    private final Map<String, Double> idf;

    private LexicalProfile(Map<String, Double> idf) {
        this.idf = idf;
    }

    /** Learns feature weights from the examples, one list per flow. */
    static LexicalProfile learn(List<List<String>> examplesPerFlow) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        int documents = 0;
        for (List<String> examples : examplesPerFlow) {
            for (String example : examples) {
                documents++;
                features(example).keySet().forEach(f -> documentFrequency.merge(f, 1, Integer::sum));
            }
        }
        Map<String, Double> idf = new HashMap<>();
        int n = Math.max(documents, 1);
        documentFrequency.forEach((feature, df) -> idf.put(feature, Math.log(1.0 + (double) n / df)));
        return new LexicalProfile(idf);
    }

    /** A unit-length weighted feature vector of {@code text}; features never seen in examples are dropped. */
    Map<String, Double> vector(String text) {
        Map<String, Double> vector = new HashMap<>();
        features(text).forEach((feature, count) -> {
            Double weight = idf.get(feature);
            if (weight != null) {
                vector.put(feature, count * weight);
            }
        });
        double norm = Math.sqrt(vector.values().stream().mapToDouble(v -> v * v).sum());
        if (norm > 0) {
            vector.replaceAll((feature, value) -> value / norm);
        }
        return vector;
    }

    static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() <= b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double dot = 0;
        for (Map.Entry<String, Double> entry : small.entrySet()) {
            Double other = large.get(entry.getKey());
            if (other != null) {
                dot += entry.getValue() * other;
            }
        }
        return dot;
    }

    static Map<String, Integer> features(String text) {
        Map<String, Integer> features = new HashMap<>();
        String normal = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(java.util.Locale.ROOT);
        for (String word : normal.split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty() || STOP_WORDS.contains(word)) {
                continue;
            }
            if (isHangul(word.charAt(0))) {
                if (word.length() == 1) {
                    features.merge("k:" + word, 1, Integer::sum);
                }
                for (int i = 0; i + 1 < word.length(); i++) {
                    features.merge("k:" + word.substring(i, i + 2), 1, Integer::sum);
                }
            } else {
                features.merge("w:" + stem(word), 1, Integer::sum);
            }
        }
        return features;
    }

    private static String stem(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 4 && (word.endsWith("oes") || word.endsWith("ches") || word.endsWith("shes"))) {
            return word.substring(0, word.length() - 2);
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static boolean isHangul(char c) {
        return c >= '\uAC00' && c <= '\uD7A3';
    }
}
