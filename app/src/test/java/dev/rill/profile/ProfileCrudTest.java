package dev.rill.profile;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating, reading, changing and deleting profiles over HTTP; pets get pet-… IDs and people profile-… IDs. */
class ProfileCrudTest extends ProfileHttpTest {

    @Test
    void petGetsAPetIdAndTheFullShape() {
        Session alice = signUp();
        Map<String, Object> created = post(alice, dog(" Bori ")).expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/profiles/pet-[0-9a-f-]{36}")
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat((String) created.get("id")).matches("pet-[0-9a-f-]{36}");
        assertThat(created).containsEntry("name", "Bori").containsEntry("species", "dog")
                .containsEntry("sex", null).containsEntry("weight_kg", 12.5).containsEntry("age_years", 4.0)
                .containsEntry("activity", "high").containsEntry("allergies", List.of("chicken"))
                .containsKeys("created_at", "updated_at");
        assertThat(getJson(alice, "/api/profiles/" + created.get("id"))).isEqualTo(created);
    }

    @Test
    void personGetsAProfileIdAndDefaults() {
        Session alice = signUp();
        Map<String, Object> body = person("Ada");
        Map<String, Object> created = create(alice, body);

        assertThat((String) created.get("id")).matches("profile-[0-9a-f-]{36}");
        assertThat(created).containsEntry("sex", "female").containsEntry("activity", "moderate")
                .containsEntry("allergies", List.of());
    }

    @Test
    void eitherPrefixReachesTheSameProfile() {
        Session alice = signUp();
        String pet = createId(alice, dog("Bori"));
        String asProfile = "profile-" + pet.substring("pet-".length());

        assertThat(getJson(alice, "/api/profiles/" + asProfile)).containsEntry("id", pet);
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndReplacesAllergies() {
        Session alice = signUp();
        String id = createId(alice, dog("Bori"));

        Map<String, Object> changed = patch(alice, id, Map.of("weight_kg", 13.2, "allergies",
                List.of("beef", "Beef", "wheat"))).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(changed).containsEntry("name", "Bori").containsEntry("weight_kg", 13.2)
                .containsEntry("activity", "high").containsEntry("allergies", List.of("beef", "wheat"));
        assertThat(getJson(alice, "/api/profiles/" + id)).isEqualTo(changed);
    }

    @Test
    void turningAPetIntoAPersonChangesThePrefixAndRechecksRanges() {
        Session alice = signUp();
        String id = createId(alice, dog("Bori"));

        Map<String, Object> person = patch(alice, id, Map.of("species", "human", "weight_kg", 60))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();

        assertThat((String) person.get("id")).isEqualTo("profile-" + id.substring("pet-".length()));
    }

    @Test
    void deleteAnswers204AndTheProfileIsGone() {
        Session alice = signUp();
        String id = createId(alice, dog("Bori"));

        client.delete().uri("/api/profiles/" + id).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNoContent();

        client.get().uri("/api/profiles/" + id).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound();
        client.delete().uri("/api/profiles/" + id).header("Authorization", alice.bearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void everyRouteNeedsAToken() {
        client.get().uri("/api/profiles").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/profiles").bodyValue(dog("x")).exchange().expectStatus().isUnauthorized();
    }
}
