package dev.rill.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.rill.support.Problems.expectProblem;

/**
 * Without an SMTP server ({@code spring.mail.host}) or SMS gateway ({@code rill.auth.sms.url}), as in the
 * zero-configuration run, the recovery routes say so with 501 rather than pretending to send. This is the shared
 * test context, which configures neither.
 */
class RecoveryUnavailableTest extends AuthHttpTest {

    @Test
    void passwordResetAnswers501WithoutAnSmtpServer() {
        expectProblem(post("/api/auth/password-reset", Map.of("email", uniqueEmail())),
                HttpStatus.NOT_IMPLEMENTED, "password-reset-unavailable");
        expectProblem(post("/api/auth/password-reset/confirm",
                Map.of("email", uniqueEmail(), "code", "123456", "new_password", NEW_PASSWORD)),
                HttpStatus.NOT_IMPLEMENTED, "password-reset-unavailable");
    }

    @Test
    void phoneRoutesAnswer501WithoutAnSmsGateway() {
        Session session = signUp();

        expectProblem(post("/api/auth/find-account", Map.of("phone", "+4915112345678")),
                HttpStatus.NOT_IMPLEMENTED, "sms-unavailable");
        expectProblem(client.post().uri("/api/me/phone").header(HttpHeaders.AUTHORIZATION, session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", "+4915112345678")).exchange(),
                HttpStatus.NOT_IMPLEMENTED, "sms-unavailable");
        expectProblem(client.post().uri("/api/me/phone/verify").header(HttpHeaders.AUTHORIZATION, session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", "123456")).exchange(),
                HttpStatus.NOT_IMPLEMENTED, "sms-unavailable");
        me(session.accessToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.phone").doesNotExist()
                .jsonPath("$.phone_verified").isEqualTo(false);
    }

    @Test
    void unavailableRoutesStillNeedSignInWhereTheOthersDo() {
        dev.rill.support.Problems.expectUnauthorized(client.post().uri("/api/me/phone")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", "+4915112345678")).exchange());
    }

    private WebTestClient.ResponseSpec post(String path, Object body) {
        return clientFrom(randomAddress()).post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }
}
