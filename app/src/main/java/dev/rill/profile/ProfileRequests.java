package dev.rill.profile;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Request bodies of the profile routes. The rules (ranges by species, enum values, lengths) are checked by
 * {@link ProfileService}, so that every field at fault is named in one problem, whoever the caller is.
 */
final class ProfileRequests {

    private ProfileRequests() {
    }

    record Create(
            @Schema(description = "What to call the person or pet; one line, 1 to " + ProfileRules.MAX_NAME_LENGTH
                    + " characters", requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(allowableValues = {"human", "dog", "cat"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String species,
            @Schema(allowableValues = {"female", "male"}, description = "Optional; changes people's reference"
                    + " intakes") String sex,
            @Schema(description = "Body weight in kg: 2-300 for a person, 0.5-100 for a dog, 0.5-15 for a cat",
                    requiredMode = Schema.RequiredMode.REQUIRED) Double weightKg,
            @Schema(description = "Age in years, fractions allowed: 0-120 for a person, 0-30 for a pet",
                    requiredMode = Schema.RequiredMode.REQUIRED) Double ageYears,
            @Schema(allowableValues = {"low", "moderate", "high"}, defaultValue = "moderate") String activity,
            @Schema(description = "Foods or food groups to keep out of meals, at most " + ProfileRules.MAX_ALLERGIES
                    + ", each 1 to " + ProfileRules.MAX_ALLERGY_LENGTH + " characters") List<String> allergies) {

        ProfileFields fields() {
            return new ProfileFields(name, species, sex, weightKg, ageYears, activity, allergies);
        }
    }

    record Update(
            @Schema(description = "Leave out to keep") String name,
            @Schema(allowableValues = {"human", "dog", "cat"}, description = "Leave out to keep; weight and age are"
                    + " re-checked against the new species") String species,
            @Schema(allowableValues = {"female", "male"}) String sex,
            Double weightKg,
            Double ageYears,
            @Schema(allowableValues = {"low", "moderate", "high"}) String activity,
            @Schema(description = "Replaces the whole list when given") List<String> allergies) {

        ProfileFields fields() {
            return new ProfileFields(name, species, sex, weightKg, ageYears, activity, allergies);
        }
    }
}
