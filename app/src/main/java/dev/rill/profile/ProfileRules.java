package dev.rill.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.rill.shared.RillException;

/**
 * The rules a profile must follow. Every field at fault is named in one 400 {@code validation} problem, so a client
 * fixes a form in one round trip. Weight and age ranges depend on the species; they are wide enough for any real
 * person or pet and only catch typing errors (grams for kilograms, months for years).
 */
final class ProfileRules {

    static final int MAX_NAME_LENGTH = 60;
    static final int MAX_ALLERGIES = 20;
    static final int MAX_ALLERGY_LENGTH = 50;

    /** Lowest and highest plausible weight (kg) and age (years) of each species. */
    record Range(double minWeightKg, double maxWeightKg, double maxAgeYears) {
    }

    static Range range(Species species) {
        return switch (species) {
            case HUMAN -> new Range(2, 300, 120);
            case DOG -> new Range(0.5, 100, 30);
            case CAT -> new Range(0.5, 15, 30);
        };
    }

    /** A profile's values once they follow every rule. */
    record Checked(String name, Species species, Sex sex, double weightKg, double ageYears, ActivityLevel activity,
                   List<String> allergies) {
    }

    private ProfileRules() {
    }

    /** The fields of a new profile; absent optional fields take their defaults. */
    static Checked forCreate(ProfileFields fields) {
        return check(fields.name(), fields.species(), fields.sex(), fields.weightKg(), fields.ageYears(),
                fields.activity() == null ? ActivityLevel.MODERATE.wire() : fields.activity(),
                fields.allergies() == null ? List.of() : fields.allergies());
    }

    /** {@code current} with the non-null {@code changes} applied; the result is checked as a whole. */
    static Checked forUpdate(Profile current, ProfileFields changes) {
        return check(
                changes.name() != null ? changes.name() : current.name(),
                changes.species() != null ? changes.species() : current.species().wire(),
                changes.sex() != null ? changes.sex() : current.sex() == null ? null : current.sex().wire(),
                changes.weightKg() != null ? changes.weightKg() : current.weightKg(),
                changes.ageYears() != null ? changes.ageYears() : current.ageYears(),
                changes.activity() != null ? changes.activity() : current.activity().wire(),
                changes.allergies() != null ? changes.allergies() : current.allergies());
    }

    private static Checked check(String rawName, String rawSpecies, String rawSex, Double weightKg, Double ageYears,
                                 String rawActivity, List<String> rawAllergies) {
        List<RillException.FieldError> errors = new ArrayList<>();
        String name = text("name", rawName, MAX_NAME_LENGTH, errors);

        Species species = null;
        if (rawSpecies == null) {
            errors.add(new RillException.FieldError("species", "is required"));
        } else {
            species = Species.fromWire(rawSpecies).orElse(null);
            if (species == null) {
                errors.add(new RillException.FieldError("species", "must be one of human, dog, cat"));
            }
        }
        Sex sex = null;
        if (rawSex != null) {
            sex = Sex.fromWire(rawSex).orElse(null);
            if (sex == null) {
                errors.add(new RillException.FieldError("sex", "must be one of female, male"));
            }
        }
        ActivityLevel activity = ActivityLevel.fromWire(rawActivity).orElse(null);
        if (activity == null) {
            errors.add(new RillException.FieldError("activity", "must be one of low, moderate, high"));
        }

        Range range = species == null ? null : range(species);
        String who = species == null ? "" : " for a " + (species == Species.HUMAN ? "person" : species.wire());
        if (weightKg == null) {
            errors.add(new RillException.FieldError("weight_kg", "is required"));
        } else if (!Double.isFinite(weightKg) || weightKg <= 0
                || range != null && (weightKg < range.minWeightKg() || weightKg > range.maxWeightKg())) {
            errors.add(new RillException.FieldError("weight_kg", range == null ? "must be a positive number of kg"
                    : "must be from " + number(range.minWeightKg()) + " to " + number(range.maxWeightKg())
                    + " kg" + who));
        }
        if (ageYears == null) {
            errors.add(new RillException.FieldError("age_years", "is required"));
        } else if (!Double.isFinite(ageYears) || ageYears < 0
                || range != null && ageYears > range.maxAgeYears()) {
            errors.add(new RillException.FieldError("age_years", range == null ? "must be zero or more years"
                    : "must be from 0 to " + number(range.maxAgeYears()) + " years" + who));
        }

        List<String> allergies = allergies(rawAllergies, errors);
        if (!errors.isEmpty()) {
            throw RillException.invalid(errors);
        }
        return new Checked(name, species, sex, weightKg, ageYears, activity, allergies);
    }

    /** Trimmed, one line, not blank, at most {@code max} characters. */
    private static String text(String field, String raw, int max, List<RillException.FieldError> errors) {
        if (raw == null) {
            errors.add(new RillException.FieldError(field, "is required"));
            return null;
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            errors.add(new RillException.FieldError(field, "must not be blank"));
        } else if (value.codePointCount(0, value.length()) > max) {
            errors.add(new RillException.FieldError(field, "must be at most " + max + " characters"));
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new RillException.FieldError(field, "must be one line of printable text"));
        }
        return value;
    }

    /**
     * Each allergy checked as a name; duplicates that differ only in case are dropped, so the same allergy typed
     * twice does not use up the limit.
     */
    private static List<String> allergies(List<String> raw, List<RillException.FieldError> errors) {
        if (raw.size() > MAX_ALLERGIES) {
            errors.add(new RillException.FieldError("allergies", "must have at most " + MAX_ALLERGIES + " items"));
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            int before = errors.size();
            String value = text("allergies[" + i + "]", raw.get(i), MAX_ALLERGY_LENGTH, errors);
            if (errors.size() == before && seen.add(value.toLowerCase(Locale.ROOT))) {
                kept.add(value);
            }
        }
        return kept;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
