package dev.rill.recipe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amounts of the nutrients Rill reports, for some quantity of food (per 100 g in {@link Food}, per ingredient or
 * per meal elsewhere). Units are in the names; {@link #KEYS} lists them in the order they are shown.
 *
 * @param vitaminAUg vitamin A as retinol activity equivalents: retinol + β-carotene equivalents / 12
 */
public record Nutrients(double energyKcal, double proteinG, double fatG, double carbohydrateG, double fibreG,
                        double calciumMg, double ironMg, double zincMg, double vitaminAUg, double vitaminCMg,
                        double sodiumMg, double potassiumMg) {

    public static final String ENERGY = "energy_kcal";
    public static final String PROTEIN = "protein_g";
    public static final String FAT = "fat_g";
    public static final String CARBOHYDRATE = "carbohydrate_g";
    public static final String FIBRE = "fibre_g";
    public static final String CALCIUM = "calcium_mg";
    public static final String IRON = "iron_mg";
    public static final String ZINC = "zinc_mg";
    public static final String VITAMIN_A = "vitamin_a_ug";
    public static final String VITAMIN_C = "vitamin_c_mg";
    public static final String SODIUM = "sodium_mg";
    public static final String POTASSIUM = "potassium_mg";

    /** The JSON names of the amounts, in the order of the record's components. */
    public static final List<String> KEYS = List.of(ENERGY, PROTEIN, FAT, CARBOHYDRATE, FIBRE, CALCIUM, IRON, ZINC,
            VITAMIN_A, VITAMIN_C, SODIUM, POTASSIUM);

    /** 1 kcal = 4.184 kJ, the thermochemical calorie (FAO 2003, Food energy: methods of analysis, ch. 3). */
    public static final double KJ_PER_KCAL = 4.184;

    public static final Nutrients ZERO = new Nutrients(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Nutrients scaled(double factor) {
        return new Nutrients(energyKcal * factor, proteinG * factor, fatG * factor, carbohydrateG * factor,
                fibreG * factor, calciumMg * factor, ironMg * factor, zincMg * factor, vitaminAUg * factor,
                vitaminCMg * factor, sodiumMg * factor, potassiumMg * factor);
    }

    public Nutrients plus(Nutrients other) {
        return new Nutrients(energyKcal + other.energyKcal, proteinG + other.proteinG, fatG + other.fatG,
                carbohydrateG + other.carbohydrateG, fibreG + other.fibreG, calciumMg + other.calciumMg,
                ironMg + other.ironMg, zincMg + other.zincMg, vitaminAUg + other.vitaminAUg,
                vitaminCMg + other.vitaminCMg, sodiumMg + other.sodiumMg, potassiumMg + other.potassiumMg);
    }

    /** The amount named by one of {@link #KEYS}. */
    public double get(String key) {
        return switch (key) {
            case ENERGY -> energyKcal;
            case PROTEIN -> proteinG;
            case FAT -> fatG;
            case CARBOHYDRATE -> carbohydrateG;
            case FIBRE -> fibreG;
            case CALCIUM -> calciumMg;
            case IRON -> ironMg;
            case ZINC -> zincMg;
            case VITAMIN_A -> vitaminAUg;
            case VITAMIN_C -> vitaminCMg;
            case SODIUM -> sodiumMg;
            case POTASSIUM -> potassiumMg;
            default -> throw new IllegalArgumentException("Unknown nutrient " + key);
        };
    }

    /** Every amount under its key, rounded to two decimals for display; the sums are taken before rounding. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String key : KEYS) {
            json.put(key, round(get(key), 2));
        }
        return json;
    }

    static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
