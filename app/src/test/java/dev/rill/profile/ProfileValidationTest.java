package dev.rill.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static dev.rill.support.Problems.errorFields;
import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of a profile, each broken on its own, answers a 400 problem naming the field. */
class ProfileValidationTest extends ProfileHttpTest {

    static List<Arguments> badFields() {
        List<String> tooMany = new ArrayList<>(Collections.nCopies(21, "x"));
        for (int i = 0; i < tooMany.size(); i++) {
            tooMany.set(i, "food " + i);
        }
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        return List.of(
                Arguments.of("name", " ", "name"),
                Arguments.of("name", "x".repeat(61), "name"),
                Arguments.of("name", "two\nlines", "name"),
                Arguments.of("name", null, "name"),
                Arguments.of("species", "hamster", "species"),
                Arguments.of("species", null, "species"),
                Arguments.of("sex", "other", "sex"),
                Arguments.of("activity", "extreme", "activity"),
                Arguments.of("weight_kg", 0, "weight_kg"),
                Arguments.of("weight_kg", -3, "weight_kg"),
                Arguments.of("weight_kg", 150, "weight_kg"),
                Arguments.of("weight_kg", 0.2, "weight_kg"),
                Arguments.of("weight_kg", null, "weight_kg"),
                Arguments.of("weight_kg", "heavy", "weight_kg"),
                Arguments.of("age_years", -1, "age_years"),
                Arguments.of("age_years", 31, "age_years"),
                Arguments.of("age_years", null, "age_years"),
                Arguments.of("allergies", tooMany, "allergies"),
                Arguments.of("allergies", List.of("ok", " "), "allergies[1]"),
                Arguments.of("allergies", List.of("y".repeat(51)), "allergies[0]"),
                Arguments.of("allergies", withNull, "allergies[0]"),
                Arguments.of("allergies", "chicken", "allergies"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void badFieldIsRefusedOnCreate(String field, Object value, String reported) {
        Session alice = signUp();
        Map<String, Object> body = dog("Bori");
        body.put(field, value);

        expectValidation(post(alice, body), reported);
        assertThat(ids(getJson(alice, "/api/profiles"))).isEmpty();
    }

    @Test
    void rangesFollowTheSpecies() {
        Session alice = signUp();
        Map<String, Object> cat = dog("Nabi");
        cat.put("species", "cat");
        cat.put("weight_kg", 20);
        Map<String, Object> problem = expectValidation(post(alice, cat), "weight_kg");
        assertThat((String) problem.get("detail")).contains("for a cat");

        Map<String, Object> person = person("Ada");
        person.put("age_years", 119.5);
        post(alice, person).expectStatus().isCreated();
    }

    @Test
    void everyFieldAtFaultIsNamedInOneProblem() {
        Session alice = signUp();
        Map<String, Object> problem = expectProblem(post(alice, Map.of("species", "fish", "sex", "x")),
                HttpStatus.BAD_REQUEST, "validation");

        assertThat(errorFields(problem)).containsExactlyInAnyOrder("name", "species", "sex", "weight_kg",
                "age_years");
    }

    @Test
    void patchIsCheckedAgainstTheMergedProfile() {
        Session alice = signUp();
        Map<String, Object> big = dog("Bori");
        big.put("weight_kg", 30);
        String id = createId(alice, big);

        expectValidation(patch(alice, id, Map.of("species", "cat")), "weight_kg");
        expectValidation(patch(alice, id, Map.of("name", "")), "name");
        assertThat(getJson(alice, "/api/profiles/" + id)).containsEntry("species", "dog");
    }

    @Test
    void unknownFieldIsRefused() {
        Session alice = signUp();
        Map<String, Object> body = dog("Bori");
        body.put("colour", "brown");
        expectProblem(post(alice, body), HttpStatus.BAD_REQUEST, "unknown-field");
    }

    @Test
    void textBodyIsRefusedAs415() {
        Session alice = signUp();
        client.post().uri("/api/profiles").header("Authorization", alice.bearer())
                .contentType(MediaType.TEXT_PLAIN).bodyValue("name=Bori")
                .exchange().expectStatus().isEqualTo(415);
    }

    @Test
    void malformedIdIsA400ForEveryProfileRoute() {
        Session alice = signUp();
        for (String bad : List.of("pet-123", "chat-0190b2c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d", "nope")) {
            expectProblem(client.get().uri("/api/profiles/" + bad).header("Authorization", alice.bearer())
                    .exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
            expectProblem(patch(alice, bad, Map.of("name", "x")), HttpStatus.BAD_REQUEST, "malformed-id");
            expectProblem(client.delete().uri("/api/profiles/" + bad).header("Authorization", alice.bearer())
                    .exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
        }
    }

    @Test
    void badPagingParametersAreRefused() {
        Session alice = signUp();
        expectValidation(client.get().uri("/api/profiles?limit=0").header("Authorization", alice.bearer())
                .exchange(), "limit");
        expectValidation(client.get().uri("/api/profiles?limit=51").header("Authorization", alice.bearer())
                .exchange(), "limit");
        expectValidation(client.get().uri("/api/profiles?cursor=@@@").header("Authorization", alice.bearer())
                .exchange(), "cursor");
    }
}
