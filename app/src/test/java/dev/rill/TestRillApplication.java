package dev.rill;

import org.springframework.boot.SpringApplication;

/**
 * Runs Rill for development with nothing installed but a JDK: {@code ./mvnw -pl app spring-boot:test-run}.
 * Embedded PostgreSQL and Redis start unless {@code RILL_DB_URL} / {@code RILL_REDIS_URL} name real ones.
 */
public class TestRillApplication {

    public static void main(String[] args) {
        EmbeddedServices.startIfUnconfigured();
        SpringApplication.from(RillApplication::main).run(args);
    }
}
