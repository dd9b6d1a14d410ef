package dev.rill.platform;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceUrlEnvironmentPostProcessorTest {

    @Test
    void derivesR2dbcAndFlywaySettingsFromOneUrl() {
        StandardEnvironment environment = environmentWith(
                "postgresql://app:p%40ss@db:6543/rill?sslmode=require&application_name=a%26b");

        new ServiceUrlEnvironmentPostProcessor().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("spring.r2dbc.url"))
                .isEqualTo("r2dbc:postgresql://db:6543/rill?sslmode=require&application_name=a%26b");
        assertThat(environment.getProperty("spring.flyway.url"))
                .isEqualTo("jdbc:postgresql://db:6543/rill?sslmode=require&application_name=a%26b");
        assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("app");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("p@ss");
        assertThat(environment.getProperty("rill.db.display-url")).isEqualTo("postgresql://app@db:6543/rill");
    }

    @Test
    void explicitDriverSettingsWin() {
        StandardEnvironment environment = environmentWith("postgresql://app:pw@db/rill");
        environment.getPropertySources().addFirst(new MapPropertySource("explicit",
                Map.of("spring.r2dbc.url", "r2dbc:postgresql://other/db")));

        new ServiceUrlEnvironmentPostProcessor().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://other/db");
        assertThat(environment.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://db:5432/rill");
    }

    private static StandardEnvironment environmentWith(String url) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("rill.db.url", url)));
        return environment;
    }
}
