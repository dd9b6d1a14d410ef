package dev.rill.platform;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets an operator point Rill at PostgreSQL with one variable, {@code RILL_DB_URL}. R2DBC serves the
 * application and JDBC serves Flyway, so both driver URLs are derived from that one value here, before any
 * auto-configuration reads them. Explicit {@code spring.r2dbc.*} or {@code spring.flyway.*} settings still win.
 */
public class ServiceUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULT_DB_URL = "postgresql://rill:rill@localhost:5432/rill";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String raw = environment.getProperty("rill.db.url", DEFAULT_DB_URL);
        ServiceUrl db;
        try {
            db = ServiceUrl.parse(raw, 5432);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("RILL_DB_URL is invalid (" + e.getMessage()
                    + "); expected postgresql://user:password@host:5432/database");
        }
        String hostPortDb = db.host() + ":" + db.port() + "/" + db.path();
        StringBuilder params = new StringBuilder();
        // Parsing decoded the values; encode them again so that '&', '=' or '%' inside one cannot break the URL.
        db.query().forEach((k, v) -> params.append(params.isEmpty() ? "?" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));

        Map<String, Object> derived = new HashMap<>();
        derived.put("spring.r2dbc.url", "r2dbc:postgresql://" + hostPortDb + params);
        derived.put("spring.flyway.url", "jdbc:postgresql://" + hostPortDb + params);
        derived.put("rill.db.display-url", db.display());
        if (db.username() != null) {
            derived.put("spring.r2dbc.username", db.username());
            derived.put("spring.flyway.user", db.username());
        }
        if (db.password() != null) {
            derived.put("spring.r2dbc.password", db.password());
            derived.put("spring.flyway.password", db.password());
        }
        // addLast: anything set explicitly elsewhere keeps precedence over what we derive.
        environment.getPropertySources().addLast(new MapPropertySource("rillServiceUrls", derived));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
