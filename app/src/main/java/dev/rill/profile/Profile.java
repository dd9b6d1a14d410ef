package dev.rill.profile;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Whom meals are for: a person or a pet. IDs are plain UUIDs here; {@link #wireId()} is the prefixed form.
 *
 * @param sex       {@code null} when not given; only people's needs depend on it
 * @param weightKg  body weight in kilograms
 * @param ageYears  age in years; fractions for young animals and babies (0.25 is three months)
 * @param allergies what must never be in this profile's meals, as the user wrote it (foods or food groups), in
 *                  the order given, without duplicates
 */
public record Profile(UUID id, UUID userId, String name, Species species, Sex sex, double weightKg, double ageYears,
                      ActivityLevel activity, List<String> allergies, Instant createdAt, Instant updatedAt) {

    public Profile {
        allergies = List.copyOf(allergies);
    }

    /** {@code pet-…} for dogs and cats, {@code profile-…} for people. */
    public String wireId() {
        return ProfileIds.format(id, species);
    }
}
