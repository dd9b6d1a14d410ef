package dev.rill.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Redis servers of a test's own, started from the installed {@code redis-server} on free ports in a temporary
 * directory: a master watched by one Sentinel, or a three-master Cluster. {@link #close()} kills them all.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path dir;
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String url;

    private PrivateRedis() throws IOException {
        dir = Files.createTempDirectory("rill-redis-");
        // A test JVM stopped before @AfterAll (a timeout, Ctrl-C) must not leave servers behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
    }

    /** Whether {@code redis-server} and {@code redis-cli} are on the PATH; tests skip without them. */
    public static boolean installed() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Stream.of("redis-server", "redis-cli").allMatch(binary -> Stream.of(path.split(File.pathSeparator))
                .anyMatch(entry -> Files.isExecutable(Path.of(entry, binary))));
    }

    /** One master and one Sentinel monitoring it as {@code mymaster}. */
    public static PrivateRedis sentinel() {
        PrivateRedis redis = create();
        try {
            int master = freePort(false);
            redis.server(master);
            int sentinel = freePort(false);
            Path conf = redis.dir.resolve("sentinel.conf");
            // Sentinel rewrites its configuration file, so it gets one of its own in the temporary directory.
            Files.writeString(conf, String.join("\n",
                    "port " + sentinel,
                    "bind 127.0.0.1",
                    "dir " + redis.dir,
                    "sentinel monitor mymaster 127.0.0.1 " + master + " 1",
                    "sentinel down-after-milliseconds mymaster 5000",
                    ""));
            redis.start(sentinel, "redis-server", conf.toString(), "--sentinel", "--logfile",
                    redis.dir.resolve("sentinel.log").toString());
            await(() -> cli(sentinel, "sentinel", "get-master-addr-by-name", "mymaster").contains(
                    Integer.toString(master)), "Sentinel knowing its master");
            redis.url = "redis-sentinel://127.0.0.1:" + sentinel + "/mymaster";
            return redis;
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw new IllegalStateException("Could not start Redis Sentinel: " + e.getMessage(), e);
        }
    }

    /** Three masters sharing the 16384 slots, no replicas. */
    public static PrivateRedis cluster() {
        PrivateRedis redis = create();
        try {
            List<String> nodes = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // A cluster node also listens on its port + 10000 for the cluster bus.
                int port = freePort(true);
                redis.server(port, "--cluster-enabled", "yes",
                        "--cluster-config-file", redis.dir.resolve("nodes-" + port + ".conf").toString(),
                        "--cluster-node-timeout", "5000");
                ports.add(port);
                nodes.add("127.0.0.1:" + port);
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            create.addAll(nodes);
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String created = run(create);
            if (!created.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create said: " + created);
            }
            for (int port : ports) {
                await(() -> cli(port, "cluster", "info").contains("cluster_state:ok"), "cluster_state:ok on " + port);
            }
            redis.url = "redis-cluster://" + String.join(",", nodes);
            return redis;
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw new IllegalStateException("Could not start a Redis Cluster: " + e.getMessage(), e);
        }
    }

    /** The {@code RILL_REDIS_URL} that reaches these servers. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.clear();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless.
        }
    }

    private static PrivateRedis create() {
        try {
            return new PrivateRedis();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void server(int port, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis-" + port + ".log").toString()));
        command.addAll(List.of(extra));
        start(port, command.toArray(String[]::new));
    }

    private void start(int port, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + port + ".txt").toFile()).start();
        processes.add(process);
        await(() -> process.isAlive() && pong(port), "PONG from port " + port);
    }

    private static boolean pong(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> cliArgs) {
        List<String> command = new ArrayList<>();
        command.add("redis-cli");
        command.addAll(cliArgs);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort(boolean withBus) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (!withBus) {
                return port;
            }
            if (port + 10000 <= 65535) {
                try (ServerSocket bus = new ServerSocket(port + 10000, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // Try another port.
                }
            }
        }
        throw new IOException("No free port with a free cluster bus port");
    }
}
