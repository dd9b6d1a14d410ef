package dev.rill.support;

import java.time.Duration;

import dev.rill.RillApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Starts another Rill in the test JVM, beside the test's own context, with the test profile.
 *
 * <p>Spring Boot's test support keeps a {@code @SpringBootTest} context off Reactor Netty's global event loops; an
 * application started here is not such a context, so it is given loops of its own. Otherwise closing it would
 * dispose the global loops, and with them whatever else in the JVM serves on them.
 */
public final class InJvmRill {

    private InJvmRill() {
    }

    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(RillApplication.class).profiles("test")
                .initializers((GenericApplicationContext context) -> context.registerBean(
                        "reactorResourceFactory", ReactorResourceFactory.class, InJvmRill::ownResources))
                .run(args);
    }

    private static ReactorResourceFactory ownResources() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        resources.setShutdownQuietPeriod(Duration.ZERO);
        return resources;
    }
}
