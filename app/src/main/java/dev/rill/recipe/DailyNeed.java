package dev.rill.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rill.profile.ActivityLevel;
import dev.rill.profile.Profile;
import dev.rill.profile.Sex;
import dev.rill.profile.Species;

/**
 * What a profile needs per day, by the formulas cited in {@code docs/nutrition.md}. An amount is {@code null}
 * where no reference applies (fat and carbohydrate for people, micronutrients for pets, anything for people under
 * 18, whose needs these adult references do not cover).
 *
 * @param method  the formula used for energy, in words and numbers, for the calculation result
 * @param perDay  amounts per day under {@link Nutrients#KEYS}, each possibly {@code null}
 * @param sources short citations of the formulas and tables used
 */
public record DailyNeed(String method, Map<String, Double> perDay, List<String> sources) {

    static final String FAO_2004 = "FAO/WHO/UNU 2004, Human energy requirements (BMR equations, table 5.2;"
            + " PAL mid-points, table 5.3)";
    static final String WHO_2007 = "WHO/FAO/UNU 2007, Protein and amino acid requirements (0.83 g/kg/day)";
    static final String US_DRI = "US Dietary Reference Intakes (IOM/NASEM) as given in IFCT 2017 intakes.csv";
    static final String NRC_2006 = "NRC 2006, Nutrient Requirements of Dogs and Cats (RER = 70 × kg^0.75;"
            + " recommended allowances per 1000 kcal)";
    static final String PET_FACTORS = "Maintenance factors after the WSAVA Global Nutrition Committee guidelines"
            + " and the Merck Veterinary Manual";

    /** Physical activity level for people: mid-points of FAO 2004 table 5.3's three lifestyle ranges. */
    static double physicalActivityLevel(ActivityLevel activity) {
        return switch (activity) {
            case LOW -> 1.55;
            case MODERATE -> 1.85;
            case HIGH -> 2.20;
        };
    }

    /**
     * Basal metabolic rate (kcal/day) of an adult from FAO/WHO/UNU 2004 table 5.2 (the Schofield equations).
     *
     * @throws IllegalArgumentException under 18 years
     */
    static double basalMetabolicRate(Sex sex, double ageYears, double weightKg) {
        if (ageYears < 18) {
            throw new IllegalArgumentException("The adult equations start at 18 years");
        }
        boolean male = sex == Sex.MALE;
        if (ageYears < 30) {
            return male ? 15.057 * weightKg + 692.2 : 14.818 * weightKg + 486.6;
        }
        if (ageYears < 60) {
            return male ? 11.472 * weightKg + 873.1 : 8.126 * weightKg + 845.6;
        }
        return male ? 11.711 * weightKg + 587.7 : 9.082 * weightKg + 658.5;
    }

    /** Resting energy requirement of a dog or cat, kcal/day (NRC 2006). */
    static double restingEnergy(double weightKg) {
        return 70 * Math.pow(weightKg, 0.75);
    }

    /** The factor by which a pet's resting energy is multiplied for its daily (maintenance) energy. */
    static double petFactor(Species species, double ageYears, ActivityLevel activity) {
        if (species == Species.DOG) {
            if (ageYears < 4.0 / 12) {
                return 3.0;
            }
            if (ageYears < 1) {
                return 2.0;
            }
            return switch (activity) {
                case LOW -> 1.4;
                case MODERATE -> 1.6;
                case HIGH -> 2.0;
            };
        }
        if (ageYears < 1) {
            return 2.5;
        }
        return switch (activity) {
            case LOW -> 1.0;
            case MODERATE -> 1.2;
            case HIGH -> 1.4;
        };
    }

    /** The needs of {@code profile}, or of nobody in particular ({@code null}: every amount unknown). */
    static DailyNeed of(Profile profile, ReferenceIntakes intakes) {
        Map<String, Double> perDay = new LinkedHashMap<>();
        Nutrients.KEYS.forEach(key -> perDay.put(key, null));
        if (profile == null) {
            return new DailyNeed("no profile is bound to the room, so no daily need was computed", perDay, List.of());
        }
        return profile.species() == Species.HUMAN ? person(profile, intakes, perDay) : pet(profile, perDay);
    }

    private static DailyNeed person(Profile profile, ReferenceIntakes intakes, Map<String, Double> perDay) {
        if (profile.ageYears() < 18) {
            return new DailyNeed("the reference intakes used here are for adults; none computed under 18 years",
                    perDay, List.of());
        }
        double pal = physicalActivityLevel(profile.activity());
        double energy;
        String method;
        if (profile.sex() == null) {
            double male = basalMetabolicRate(Sex.MALE, profile.ageYears(), profile.weightKg());
            double female = basalMetabolicRate(Sex.FEMALE, profile.ageYears(), profile.weightKg());
            energy = (male + female) / 2 * pal;
            method = "BMR (FAO/WHO/UNU 2004, mean of the male and female equations) × PAL " + pal;
        } else {
            energy = basalMetabolicRate(profile.sex(), profile.ageYears(), profile.weightKg()) * pal;
            method = "BMR (FAO/WHO/UNU 2004, " + profile.sex().wire() + ") × PAL " + pal;
        }
        perDay.put(Nutrients.ENERGY, energy);
        perDay.put(Nutrients.PROTEIN, 0.83 * profile.weightKg());
        intake(perDay, Nutrients.FIBRE, intakes, "fibtg", profile.sex(), 1);
        intake(perDay, Nutrients.CALCIUM, intakes, "ca", profile.sex(), 1e3);
        intake(perDay, Nutrients.IRON, intakes, "fe", profile.sex(), 1e3);
        intake(perDay, Nutrients.ZINC, intakes, "zn", profile.sex(), 1e3);
        intake(perDay, Nutrients.VITAMIN_A, intakes, "vita", profile.sex(), 1e6);
        intake(perDay, Nutrients.VITAMIN_C, intakes, "vitc", profile.sex(), 1e3);
        intake(perDay, Nutrients.SODIUM, intakes, "na", profile.sex(), 1e3);
        intake(perDay, Nutrients.POTASSIUM, intakes, "k", profile.sex(), 1e3);
        return new DailyNeed(method, perDay, List.of(FAO_2004, WHO_2007, US_DRI));
    }

    /** {@code unit} converts the table's grams per day into the key's unit; no sex means the mean of both. */
    private static void intake(Map<String, Double> perDay, String key, ReferenceIntakes intakes, String code,
                               Sex sex, double unit) {
        ReferenceIntakes.Intake intake = intakes.get(code);
        if (intake == null) {
            return;
        }
        double grams = sex == Sex.MALE ? intake.maleGrams() : sex == Sex.FEMALE ? intake.femaleGrams()
                : (intake.maleGrams() + intake.femaleGrams()) / 2;
        perDay.put(key, grams * unit);
    }

    private static DailyNeed pet(Profile profile, Map<String, Double> perDay) {
        double rer = restingEnergy(profile.weightKg());
        double factor = petFactor(profile.species(), profile.ageYears(), profile.activity());
        double energy = rer * factor;
        perDay.put(Nutrients.ENERGY, energy);
        List<String> sources = new ArrayList<>(List.of(NRC_2006, PET_FACTORS));
        if (profile.ageYears() >= 1) {
            boolean dog = profile.species() == Species.DOG;
            // NRC 2006 recommended allowances for adult maintenance, per 1000 kcal of metabolisable energy.
            perDay.put(Nutrients.PROTEIN, energy / 1000 * (dog ? 25 : 50));
            perDay.put(Nutrients.FAT, energy / 1000 * (dog ? 13.8 : 22.5));
        }
        String method = "RER 70 × " + profile.weightKg() + " kg^0.75 = " + Nutrients.round(rer, 1) + " kcal × "
                + factor + " (" + profile.species().wire() + ", " + (profile.ageYears() < 1 ? "young"
                : profile.activity().wire() + " activity") + ")";
        return new DailyNeed(method, perDay, List.copyOf(sources));
    }
}
