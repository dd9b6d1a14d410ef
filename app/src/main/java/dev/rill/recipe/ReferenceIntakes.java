package dev.rill.recipe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily reference intakes for adults from the IFCT 2017 package's {@code intakes.csv}: its US RDA columns
 * ({@code usrdam} for men, {@code usrdaf} for women), in grams per day. The table leaves the women's column empty
 * where the US value is the same for both sexes or was not transcribed (zinc); the men's value is used then.
 */
final class ReferenceIntakes {

    /** Grams per day for men and for women. */
    record Intake(double maleGrams, double femaleGrams) {
    }

    private final Map<String, Intake> byCode;

    ReferenceIntakes(Map<String, Intake> byCode) {
        this.byCode = Map.copyOf(byCode);
    }

    /** Reads the rows {@code code,whorda,usear,usrdam,usrdaf,…}; rows without a men's value are skipped. */
    static ReferenceIntakes parse(List<List<String>> records) {
        Map<String, Intake> intakes = new HashMap<>();
        for (List<String> record : records) {
            String male = record.size() > 3 ? record.get(3).strip() : "";
            if (male.isEmpty()) {
                continue;
            }
            String female = record.size() > 4 ? record.get(4).strip() : "";
            double maleGrams = Double.parseDouble(male);
            intakes.put(record.get(0).strip(),
                    new Intake(maleGrams, female.isEmpty() ? maleGrams : Double.parseDouble(female)));
        }
        return new ReferenceIntakes(intakes);
    }

    /** The intake of one of the table's nutrient codes ({@code ca}, {@code fibtg}…), or {@code null}. */
    Intake get(String code) {
        return byCode.get(code);
    }
}
