package dev.rill.profile;

import java.util.Map;
import java.util.UUID;

import dev.rill.shared.IdKind;
import dev.rill.shared.ProblemType;
import dev.rill.shared.RillException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import reactor.test.StepVerifier;

import static dev.rill.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Another user's profile is not found (404, never 403), over HTTP, through the service, and when binding a room. */
class ProfileIsolationTest extends ProfileHttpTest {

    @Test
    void anotherUsersProfileIsNotFoundForReadChangeAndDelete() {
        Session alice = signUp();
        Session bob = signUp();
        String id = createId(alice, dog("Bori"));

        expectProblem(client.get().uri("/api/profiles/" + id).header("Authorization", bob.bearer()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");
        expectProblem(patch(bob, id, Map.of("name", "Mine")), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.delete().uri("/api/profiles/" + id).header("Authorization", bob.bearer()).exchange(),
                HttpStatus.NOT_FOUND, "not-found");

        assertThat(getJson(alice, "/api/profiles/" + id)).containsEntry("name", "Bori");
        assertThat(ids(getJson(bob, "/api/profiles"))).isEmpty();
    }

    @Test
    void serviceRefusesAnotherUsersProfile() {
        Session alice = signUp();
        Session bob = signUp();
        UUID id = ProfileIds.parse(createId(alice, dog("Bori")));

        StepVerifier.create(profiles.requireOwned(IdKind.USER.parse(bob.userId()), id))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(RillException.class,
                        problem -> assertThat(problem.type()).isEqualTo(ProblemType.NOT_FOUND)))
                .verify();
        StepVerifier.create(profiles.requireOwned(IdKind.USER.parse(alice.userId()), id))
                .assertNext(profile -> assertThat(profile.name()).isEqualTo("Bori"))
                .verifyComplete();
    }

    @Test
    void roomCanBeBoundOnlyToTheCallersOwnProfile() {
        Session alice = signUp();
        Session bob = signUp();
        String alicesPet = createId(alice, dog("Bori"));
        String asProfileId = "profile-" + alicesPet.substring("pet-".length());

        @SuppressWarnings("unchecked")
        Map<String, Object> room = client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("profile_id", asProfileId))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(room).containsEntry("profile_id", alicesPet);

        expectProblem(client.post().uri("/api/chats").header("Authorization", bob.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("profile_id", alicesPet))
                .exchange(), HttpStatus.NOT_FOUND, "not-found");
        expectProblem(client.post().uri("/api/chats").header("Authorization", alice.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("profile_id", "profile-42"))
                .exchange(), HttpStatus.BAD_REQUEST, "malformed-id");
    }
}
