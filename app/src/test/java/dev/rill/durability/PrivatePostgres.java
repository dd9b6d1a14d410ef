package dev.rill.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL 15 cluster of the test's own ({@code initdb} into a temporary directory, a free port), with a
 * database {@code rill} that has the {@code vector} extension, so that a test may stop and start it under a running
 * Rill. The machine's PostgreSQL (5432) is shared and never touched. {@code initdb} refuses to run as root, so as
 * root every PostgreSQL command runs as the {@code postgres} user via {@code runuser}; a test on a machine that
 * has neither is skipped, saying why.
 */
final class PrivatePostgres implements StoppableServer {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PrivatePostgres(Path dir, int port, boolean asPostgres) {
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates, starts and prepares the cluster, or skips the calling test when this machine cannot. */
    static PrivatePostgres start() {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")),
                "PostgreSQL 15 server binaries not found in " + BIN + ": cannot start a private cluster");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("rill-private-pg-");
            PrivatePostgres pg = new PrivatePostgres(dir, RillProcess.freePort(), root);
            if (root) {
                Assumptions.assumeTrue(run(List.of("chown", "postgres:postgres", dir.toString())).exitCode == 0,
                        "running as root without a postgres user: initdb cannot run");
            }
            Result init = pg.pg(BIN.resolve("initdb").toString(), "-D", pg.data(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync");
            Assumptions.assumeTrue(init.exitCode == 0, "initdb failed, so no private cluster: " + init.output);
            pg.startAgain();
            pg.psql("postgres", "CREATE DATABASE rill");
            pg.psql("rill", "CREATE EXTENSION vector");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "postgresql://postgres:postgres@127.0.0.1:" + port + "/rill";
    }

    /** Starts the cluster (again) and waits until it takes connections. */
    @Override
    public void startAgain() {
        Result start = pg(BIN.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start");
        if (start.exitCode != 0) {
            throw new IllegalStateException("pg_ctl start failed: " + start.output + "\n" + serverLog());
        }
    }

    /**
     * Stops the cluster in {@code immediate} mode: every backend is killed at once, as in a crash, and the next start
     * recovers from the WAL.
     */
    @Override
    public void stop() {
        Result stop = pg(BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop");
        if (stop.exitCode != 0) {
            throw new IllegalStateException("pg_ctl stop failed: " + stop.output);
        }
    }

    /** Runs SQL in {@code database} and returns psql's unaligned output. */
    String psql(String database, String sql) {
        Result result = pg(BIN.resolve("psql").toString(), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                "-h", dir.toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-c", sql);
        if (result.exitCode != 0) {
            throw new IllegalStateException("psql failed: " + result.output);
        }
        return result.output.trim();
    }

    String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    @Override
    public void close() {
        pg(BIN.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop");
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private Result pg(String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return run(full);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) {
        try {
            // The working directory must be readable by the postgres user.
            Process process = new ProcessBuilder(command).directory(Path.of("/").toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
