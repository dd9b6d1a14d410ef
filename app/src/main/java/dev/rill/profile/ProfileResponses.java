package dev.rill.profile;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rill.chat.Page;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the profile routes return. Every field is always present, {@code null} included, for one fixed shape. */
final class ProfileResponses {

    private ProfileResponses() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProfileView(@Schema(description = "pet-… for dogs and cats, profile-… for people") String id,
                       String name,
                       @Schema(allowableValues = {"human", "dog", "cat"}) String species,
                       @Schema(allowableValues = {"female", "male"}, description = "null when not given") String sex,
                       double weightKg,
                       double ageYears,
                       @Schema(allowableValues = {"low", "moderate", "high"}) String activity,
                       List<String> allergies,
                       Instant createdAt,
                       Instant updatedAt) {

        static ProfileView of(Profile profile) {
            return new ProfileView(profile.wireId(), profile.name(), profile.species().wire(),
                    profile.sex() == null ? null : profile.sex().wire(), profile.weightKg(), profile.ageYears(),
                    profile.activity().wire(), profile.allergies(), profile.createdAt(), profile.updatedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProfileList(@Schema(description = "Profiles, newest first") List<ProfileView> results,
                       @Schema(description = "Pass as cursor for the next (older) page; null on the last page")
                       String nextCursor,
                       boolean hasNext) {

        static ProfileList of(Page<Profile> page) {
            return new ProfileList(page.results().stream().map(ProfileView::of).toList(),
                    page.hasNext() ? page.next().encode() : null, page.hasNext());
        }
    }
}
