package dev.rill.platform;

import dev.rill.support.HttpTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorTest extends HttpTest {

    @Test
    void readinessCoversDatabaseAndRedis() {
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
    }

    @Test
    void livenessIsUp() {
        client.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void prometheusExposesJvmAndHttpMetrics() {
        client.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();
        String metrics = client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_count");
    }

    @Test
    void infoNamesTheApplication() {
        client.get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.app.name").isEqualTo("Rill");
    }

    @Test
    void otherActuatorEndpointsAreNotPublic() {
        client.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    }
}
