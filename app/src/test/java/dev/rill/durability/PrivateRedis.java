package dev.rill.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own, on a free port, that the test may stop and start again on the same
 * port. The machine's Redis (6379) is shared with other suites and is never touched. Needs {@code redis-server}
 * and {@code redis-cli} on the PATH (CI installs both).
 */
final class PrivateRedis implements StoppableServer {

    private final int port;
    private final Path log;
    private Process process;

    private PrivateRedis(int port) {
        this.port = port;
        this.log = Path.of("target", "durability", "redis-" + port + ".log").toAbsolutePath();
    }

    static PrivateRedis start() {
        PrivateRedis redis = new PrivateRedis(RillProcess.freePort());
        redis.startAgain();
        return redis;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    @Override
    public void startAgain() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kill-redis-" + port));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if ("PONG".equals(cli("PING"))) {
                return;
            }
            RillProcess.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("redis-server on " + port + " did not answer PING; see " + log);
    }

    /** Stops the server at once (SIGKILL), as a crashed or unplugged Redis. */
    @Override
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Connected clients, as {@code CLIENT LIST} shows them (the asking {@code redis-cli} not counted). */
    int clients() {
        String list = cli("CLIENT", "LIST");
        return (int) list.lines().filter(line -> line.startsWith("id=")).count() - 1;
    }

    /** Runs {@code redis-cli} against this server; empty when it cannot connect. */
    String cli(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
                Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return cli.waitFor() == 0 && !out.startsWith("Could not connect") ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
