package dev.rill.platform;

import dev.rill.RillApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A configured database that is down stops start-up with one clear sentence, not a page of stack trace. */
class UnreachableDatabaseTest {

    @Test
    void startupFailureNamesTheDatabaseAndTheFix() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RillApplication.class)
                // Command-line arguments, because the test run's embedded database is set as a system property.
                .run("--rill.db.url=postgresql://rill:topsecret@127.0.0.1:1/rill", "--server.port=0",
                        "--logging.level.root=OFF"));

        FailureAnalysis analysis = new UnreachableServiceFailureAnalyzer().analyze(failure);

        assertThat(analysis).as("analysis of %s", chain(failure)).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Cannot reach PostgreSQL").doesNotContain("topsecret");
        assertThat(analysis.getAction()).contains("RILL_DB_URL");
    }

    private static String chain(Throwable failure) {
        StringBuilder names = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            names.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
        }
        return names.toString();
    }
}
