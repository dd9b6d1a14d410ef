package dev.rill.platform;

import java.net.ConnectException;
import java.net.UnknownHostException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns "PostgreSQL is not there" at start-up into one clear message instead of a page of stack trace. Flyway
 * runs first and over JDBC, so that is where an unreachable or misconfigured database shows itself. Redis problems
 * that stop start-up (a URL that cannot be parsed, a Cluster that cannot be reached) are reported the same way.
 */
class UnreachableServiceFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupStopper stopper) {
                return new FailureAnalysis(stopper.getMessage(), stopper.action(), null);
            }
            String type = t.getClass().getName();
            boolean unreachable = t instanceof ConnectException || t instanceof UnknownHostException
                    || type.equals("org.postgresql.util.PSQLException") && isConnectionProblem(t);
            if (unreachable || type.startsWith("org.flywaydb.core.internal.exception.FlywaySqlException")
                    && hasCause(t, "org.postgresql.util.PSQLException")) {
                return new FailureAnalysis(
                        "Cannot reach PostgreSQL: " + describe(t),
                        "Start PostgreSQL, or set RILL_DB_URL to postgresql://user:password@host:5432/database."
                                + " Run ./mvnw -pl app spring-boot:test-run to use an embedded database instead.",
                        null);
            }
        }
        return null;
    }

    private static boolean isConnectionProblem(Throwable t) {
        try {
            Object state = t.getClass().getMethod("getSQLState").invoke(t);
            // 08xxx: connection exceptions, 28xxx: authentication, 3D000: database does not exist.
            return state instanceof String s && (s.startsWith("08") || s.startsWith("28") || s.equals("3D000"));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static boolean hasCause(Throwable t, String type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return ServiceUrl.redact(message.lines().findFirst().orElse(message));
    }
}
