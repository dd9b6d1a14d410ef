package dev.rill.auth;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.errorFields;
import static dev.rill.support.Problems.expectProblem;
import static dev.rill.support.Problems.expectValidation;
import static org.assertj.core.api.Assertions.assertThat;

/** What sign-up accepts, and what the email-availability check says. */
class SignupValidationTest extends AuthHttpTest {

    @Test
    void signupAnswersCreatedWithUncachedTokens() {
        String email = uniqueEmail();
        signup(Map.of("email", email, "password", PASSWORD, "nickname", "  Grace  "))
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/me")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody()
                .jsonPath("$.user.email").isEqualTo(email)
                .jsonPath("$.user.nickname").isEqualTo("Grace")
                .jsonPath("$.user.has_password").isEqualTo(true)
                .jsonPath("$.user.password_hash").doesNotExist();
    }

    @Test
    void storesEmailInLowerCase() {
        String email = uniqueEmail();
        signup(Map.of("email", email.toUpperCase(), "password", PASSWORD, "nickname", "Upper"))
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.user.email").isEqualTo(email);

        tokenPair(login(email, PASSWORD));
    }

    @Test
    void refusesDuplicateEmailWhateverItsCase() {
        Session first = signUp();

        expectProblem(signup(Map.of("email", first.email(), "password", PASSWORD, "nickname", "Again")),
                HttpStatus.CONFLICT, "email-taken");
        expectProblem(signup(Map.of("email", first.email().toUpperCase(), "password", PASSWORD, "nickname", "Again")),
                HttpStatus.CONFLICT, "email-taken");

        // The original account is untouched.
        tokenPair(login(first.email(), PASSWORD));
    }

    @Test
    void refusesShortPassword() {
        expectValidation(signupWith(uniqueEmail(), "short7!"), "password");
    }

    @Test
    void refusesPasswordBcryptWouldTruncate() {
        expectValidation(signupWith(uniqueEmail(), "long passphrase ".repeat(5)), "password");
    }

    @Test
    void refusesCommonPassword() {
        expectValidation(signupWith(uniqueEmail(), "password123"), "password");
        expectValidation(signupWith(uniqueEmail(), "PassWord123"), "password");
    }

    @Test
    void refusesPasswordContainingTheEmail() {
        String local = "quill" + UUID.randomUUID().toString().substring(0, 8);
        String email = local + "@example.com";

        expectValidation(signupWith(email, "my-" + local + "-secret"), "password");
        expectValidation(signupWith(email, local.toUpperCase() + " forever"), "password");
        // Nothing was created by the refused attempts.
        availability(email).expectStatus().isOk().expectBody().jsonPath("$.available").isEqualTo(true);
    }

    @Test
    void refusesMalformedEmail() {
        for (String email : new String[] {"not-an-email", "a@b", "two@@example.com", "sp ace@example.com",
                "@example.com"}) {
            expectValidation(signupWith(email, PASSWORD), "email");
        }
        expectValidation(signupWith("x".repeat(250) + "@example.com", PASSWORD), "email");
    }

    @Test
    void refusesControlCharactersInEmail() {
        // PostgreSQL cannot even store a NUL; the answer must be a 400 problem, never a 500.
        expectValidation(signupWith("nul\u0000" + uniqueEmail(), PASSWORD), "email");
        expectValidation(signupWith("bell\u0007" + uniqueEmail(), PASSWORD), "email");
        expectValidation(availability("nul\u0000" + uniqueEmail()), "email");
        expectValidation(login("nul\u0000" + uniqueEmail(), PASSWORD), "email");
    }

    @Test
    void refusesMissingFields() {
        Map<String, Object> problem = expectProblem(signup(Map.of()), HttpStatus.BAD_REQUEST, "validation");
        assertThat(errorFields(problem)).contains("email", "password", "nickname");

        expectValidation(signup(Map.of("email", uniqueEmail(), "password", PASSWORD)), "nickname");
        expectValidation(signup(Map.of("email", uniqueEmail(), "nickname", "N")), "password");
        expectValidation(signup(Map.of("password", PASSWORD, "nickname", "N")), "email");
    }

    @Test
    void refusesInvalidNickname() {
        expectValidation(signup(Map.of("email", uniqueEmail(), "password", PASSWORD, "nickname", "   ")), "nickname");
        expectValidation(signup(Map.of("email", uniqueEmail(), "password", PASSWORD, "nickname", "n".repeat(41))),
                "nickname");
        expectValidation(signup(Map.of("email", uniqueEmail(), "password", PASSWORD, "nickname", "new\nline")),
                "nickname");
    }

    @Test
    void refusesUnknownFields() {
        String email = uniqueEmail();
        Map<String, Object> problem = expectProblem(signup(Map.of("email", email, "password", PASSWORD,
                "nickname", "Mallory", "role", "admin")), HttpStatus.BAD_REQUEST, "unknown-field");
        assertThat(errorFields(problem)).containsExactly("role");

        availability(email).expectStatus().isOk().expectBody().jsonPath("$.available").isEqualTo(true);
    }

    @Test
    void refusesBodiesThatAreNotJsonObjects() {
        expectProblem(client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": ").exchange(), HttpStatus.BAD_REQUEST, "malformed-body");
        expectProblem(client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .exchange(), HttpStatus.BAD_REQUEST, "malformed-body");
        expectProblem(client.post().uri("/api/auth/signup").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("email=x").exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    }

    @Test
    void emailAvailabilityReflectsRegistrations() {
        String email = uniqueEmail();
        availability(email).expectStatus().isOk()
                .expectBody().jsonPath("$.email").isEqualTo(email).jsonPath("$.available").isEqualTo(true);

        signUp(email);

        availability(email).expectStatus().isOk().expectBody().jsonPath("$.available").isEqualTo(false);
        availability(email.toUpperCase()).expectStatus().isOk().expectBody().jsonPath("$.available").isEqualTo(false);
    }

    @Test
    void emailAvailabilityNeedsAWellFormedEmail() {
        expectValidation(client.get().uri("/api/auth/email-available").exchange(), "email");
        expectValidation(availability(""), "email");
        expectValidation(availability("not-an-email"), "email");
    }

    private WebTestClient.ResponseSpec signup(Map<String, ?> body) {
        return client.post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec signupWith(String email, String password) {
        return signup(Map.of("email", email, "password", password, "nickname", "Tester"));
    }

    private WebTestClient.ResponseSpec availability(String email) {
        return client.get().uri(b -> b.path("/api/auth/email-available").queryParam("email", "{e}").build(email))
                .exchange();
    }
}
