package dev.rill.profile;

import java.util.List;

/**
 * A profile's fields as a client gives them, before validation. On create, {@code name}, {@code species},
 * {@code weightKg} and {@code ageYears} are required; on update, {@code null} means "leave as it is".
 *
 * @param species  {@code human}, {@code dog} or {@code cat}
 * @param sex      {@code female} or {@code male}
 * @param activity {@code low}, {@code moderate} (the default) or {@code high}
 */
public record ProfileFields(String name, String species, String sex, Double weightKg, Double ageYears,
                            String activity, List<String> allergies) {
}
