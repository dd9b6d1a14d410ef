package dev.rill.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceUrlTest {

    @Test
    void readsCredentialsHostPortAndDatabase() {
        ServiceUrl url = ServiceUrl.parse("postgresql://rill:s%40cret@db.internal:6543/chat?sslmode=require", 5432);

        assertThat(url.username()).isEqualTo("rill");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.host()).isEqualTo("db.internal");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.path()).isEqualTo("chat");
        assertThat(url.query()).containsEntry("sslmode", "require");
    }

    @Test
    void acceptsJdbcAndR2dbcSpellingsWithQueryCredentials() {
        ServiceUrl jdbc = ServiceUrl.parse("jdbc:postgresql://localhost/rill?user=app&password=pw", 5432);
        ServiceUrl r2dbc = ServiceUrl.parse("r2dbc:postgresql://app:pw@localhost/rill", 5432);

        assertThat(jdbc.port()).isEqualTo(5432);
        assertThat(jdbc.username()).isEqualTo("app");
        assertThat(jdbc.password()).isEqualTo("pw");
        assertThat(jdbc.query()).isEmpty();
        assertThat(r2dbc.username()).isEqualTo("app");
        assertThat(r2dbc.path()).isEqualTo("rill");
    }

    @Test
    void redisUrlWithPasswordOnly() {
        ServiceUrl url = ServiceUrl.parse("rediss://:token@cache:6380/2", 6379);

        assertThat(url.scheme()).isEqualTo("rediss");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isEqualTo("token");
        assertThat(url.path()).isEqualTo("2");
    }

    @Test
    void displayFormHidesThePassword() {
        assertThat(ServiceUrl.parse("postgresql://rill:secret@h:1/d", 5432).display())
                .isEqualTo("postgresql://rill@h:1/d")
                .doesNotContain("secret");
        assertThat(ServiceUrl.redact("postgresql://rill:secret@h/d")).isEqualTo("postgresql://rill:***@h/d");
    }

    @Test
    void refusesUrlWithoutHost() {
        assertThatThrownBy(() -> ServiceUrl.parse("localhost:5432", 5432))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
