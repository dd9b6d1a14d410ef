package dev.rill.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rill.RillApplication;
import dev.rill.support.TestKeys;

/**
 * Rill as a child process of the test JVM: the same JVM binary and class path, {@link RillApplication} as the
 * main class, the test profile, and the PostgreSQL and Redis the tests use (or others given). Its output goes
 * to {@code target/durability/<name>.log}. {@link #kill()} is a {@code kill -9}: {@link Process#destroyForcibly()}
 * sends SIGKILL on Linux, so no shutdown hook, graceful shutdown or finally block runs in the child.
 *
 * <p>Every child gets the test JVM's signing key, so tokens issued by one child are valid on the next.
 */
final class RillProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private RillProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The database the test JVM uses: embedded (a system property) or RILL_DB_URL. */
    static String dbUrl() {
        return setting("rill.db.url", "RILL_DB_URL");
    }

    /** The Redis the test JVM uses: embedded (a system property) or RILL_REDIS_URL. */
    static String redisUrl() {
        return setting("rill.redis.url", "RILL_REDIS_URL");
    }

    /**
     * Starts a child and waits until it is ready. {@code extraArgs} are further {@code --name=value} arguments,
     * for example the LLM settings and a shorter owner lease.
     */
    static RillProcess start(String name, String redisUrl, String keyPrefix, List<String> extraArgs) {
        return start(name, dbUrl(), redisUrl, keyPrefix, extraArgs);
    }

    /** As {@link #start(String, String, String, List)}, on a database of the caller's choosing. */
    static RillProcess start(String name, String dbUrl, String redisUrl, String keyPrefix, List<String> extraArgs) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                RillApplication.class.getName(),
                "--spring.profiles.active=test",
                "--server.port=" + port,
                "--rill.db.url=" + dbUrl,
                "--rill.redis.url=" + redisUrl,
                "--rill.redis.key-prefix=" + keyPrefix,
                "--rill.auth.jwt.private-key=" + TestKeys.privatePem(TestKeys.RILL),
                "--logging.level.dev.rill=INFO",
                // Durability is under test, not routing: every turn goes to plain chat.
                "--rill.graph.flows=basic"));
        command.addAll(extraArgs);
        String fullName = name + "-" + COUNT.incrementAndGet();
        Path log = Path.of("target", "durability", fullName + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            RillProcess child = new RillProcess(fullName, process, log, port);
            // If the test JVM itself is torn down, no child may outlive it.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + fullName));
            try {
                child.awaitReady();
            } catch (RuntimeException | Error e) {
                child.kill();
                throw e;
            }
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** {@code kill -9}, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The readiness probe: HTTP status and body. */
    HttpResponse<String> readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the child's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /** Closes each of {@code resources} that is not null, in order, going on past any that fails. */
    static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("Could not close " + resource, e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready\n"
                        + logTail());
            }
            try {
                if (readiness().statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // Still starting.
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " was not ready within " + READY_WITHIN + "\n" + logTail());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Neither " + property + " nor " + env + " is set; EmbeddedServices "
                    + "should have set the property");
        }
        return value;
    }
}
