package dev.rill.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Drives N concurrent streaming turns against Rill ({@code --mode rill}: {@code POST /api/messages}, SSE events) or
 * against the bare relay ({@code --mode relay}: OpenAI chunks piped through). Each of N workers opens a stream,
 * reads it to the end and opens the next one until {@code --duration-s} has passed; worker starts are spread over
 * {@code --ramp-ms}. Records time to the first token and the gaps between tokens, errors, the target process's CPU
 * time (from {@code /proc/<pid>/stat}) and, for Rill, its heap (from {@code /actuator/prometheus}). Writes the result
 * as a properties file for {@link Report}. Every wait is bounded.
 */
public final class LoadDriver {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final Args args;
    private final boolean rill;
    private final String url;
    private final HttpClient client;
    private final Histogram ttft = new SynchronizedHistogram(1, 600_000_000L, 3);
    private final Histogram gaps = new SynchronizedHistogram(1, 600_000_000L, 3);
    private final LongAdder tokens = new LongAdder();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final String directive;
    private volatile long recordFrom = Long.MAX_VALUE;

    private LoadDriver(Args args) {
        this.args = args;
        this.rill = args.s("mode", "rill").equals("rill");
        this.url = args.s("url", "http://127.0.0.1:8080");
        int concurrency = args.i("concurrency", 50);
        this.client = HttpClient.create(ConnectionProvider.builder("driver")
                        .maxConnections(concurrency + 64)
                        .pendingAcquireMaxCount(-1)
                        .pendingAcquireTimeout(Duration.ofSeconds(60))
                        .build())
                .responseTimeout(Duration.ofSeconds(args.i("stream-timeout-s", 60)));
        this.directive = "lt:first=" + args.l("first-token-ms", 150) + ",gap=" + args.l("token-ms", 20) + ",n="
                + args.i("tokens", 50);
    }

    public static void main(String[] argv) throws IOException {
        new LoadDriver(new Args(argv)).run();
        System.exit(0);
    }

    private void run() throws IOException {
        int concurrency = args.i("concurrency", 50);
        long durationMs = args.l("duration-s", 20) * 1000;
        long rampMs = args.l("ramp-ms", 2000);
        long streamTimeoutS = args.i("stream-timeout-s", 60);
        long pid = args.l("pid", -1);
        long clkTck = args.l("clk-tck", 100);

        List<String> tokensPool = rill ? signUp(args.i("users", 20)) : List.of("");

        long cpuBefore = cpuTicks(pid);
        long upstreamBefore = cpuTicks(args.l("upstream-pid", -1));
        long selfBefore = cpuTicks(ProcessHandle.current().pid());
        List<Long> servicePids = new ArrayList<>();
        for (String p : args.s("service-pids", "").split("[,\\s]+")) {
            if (!p.isBlank()) {
                servicePids.add(Long.parseLong(p.trim()));
            }
        }
        Map<Long, Long> servicesBefore = new LinkedHashMap<>();
        servicePids.forEach(p -> servicesBefore.put(p, cpuTicksOrNegative(p)));
        List<Integer> activeSamples = new ArrayList<>();
        AtomicLong heapMax = new AtomicLong(-1);
        AtomicLong rssMax = new AtomicLong(-1);
        long t0 = System.nanoTime();
        recordFrom = t0 + args.l("warmup-ms", 3000) * 1_000_000L;
        long steadyFrom = t0 + rampMs * 1_000_000L;
        long deadline = t0 + durationMs * 1_000_000L;
        Disposable sampler = Flux.interval(Duration.ofMillis(250)).subscribe(tick -> {
            long now = System.nanoTime();
            if (now >= steadyFrom && now < deadline) {
                synchronized (activeSamples) {
                    activeSamples.add(active.get());
                }
            }
            rssMax.accumulateAndGet(rssKb(pid), Math::max);
        });
        Disposable heapSampler = args.s("heap-url", "").isEmpty() ? () -> { }
                : Flux.interval(Duration.ZERO, Duration.ofSeconds(1))
                .concatMap(tick -> heapBytes(args.s("heap-url", "")).onErrorResume(e -> Mono.empty()))
                .subscribe(bytes -> heapMax.accumulateAndGet(bytes, Math::max));

        Flux.range(0, concurrency)
                .flatMap(i -> Mono.delay(Duration.ofMillis(rampMs * i / concurrency))
                        .then(Mono.defer(() -> oneStream(tokensPool.get(i % tokensPool.size()), i))
                                .repeat(() -> System.nanoTime() < deadline)
                                .then()), concurrency)
                .then()
                .block(Duration.ofMillis(durationMs + streamTimeoutS * 1000 + 30_000));
        long elapsedNs = System.nanoTime() - t0;
        // Let the target finish what follows a stream (persistence, clean-up) so both targets are charged for it.
        sleep(args.l("settle-ms", 2000));
        long cpuAfter = cpuTicks(pid);
        long upstreamAfter = cpuTicks(args.l("upstream-pid", -1));
        long selfAfter = cpuTicks(ProcessHandle.current().pid());
        long servicesTicks = 0;
        for (Map.Entry<Long, Long> e : servicesBefore.entrySet()) {
            long after = cpuTicksOrNegative(e.getKey());
            if (e.getValue() >= 0 && after >= 0) {
                servicesTicks += after - e.getValue();
            }
        }
        sampler.dispose();
        heapSampler.dispose();

        double cpuMs = (cpuAfter - cpuBefore) * 1000.0 / clkTck;
        long tokenCount = tokens.sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", args.s("label", rill ? "rill" : "relay"));
        out.put("mode", rill ? "rill" : "relay");
        out.put("concurrency", concurrency);
        out.put("duration_s", durationMs / 1000);
        out.put("elapsed_s", String.format("%.1f", elapsedNs / 1e9));
        out.put("plan", directive);
        out.put("streams_started", started.get());
        out.put("streams_completed", completed.get());
        out.put("streams_failed", failed.get());
        out.put("tokens", tokenCount);
        out.put("timed_streams", ttft.getTotalCount());
        out.put("ttft_p50_ms", ms(ttft.getValueAtPercentile(50)));
        out.put("ttft_p99_ms", ms(ttft.getValueAtPercentile(99)));
        out.put("ttft_max_ms", ms(ttft.getMaxValue()));
        out.put("gap_p50_ms", ms(gaps.getValueAtPercentile(50)));
        out.put("gap_p99_ms", ms(gaps.getValueAtPercentile(99)));
        out.put("gap_max_ms", ms(gaps.getMaxValue()));
        List<Integer> samples;
        synchronized (activeSamples) {
            samples = new ArrayList<>(activeSamples);
        }
        out.put("active_mean", String.format("%.0f",
                samples.stream().mapToInt(Integer::intValue).average().orElse(0)));
        out.put("active_max", samples.stream().mapToInt(Integer::intValue).max().orElse(0));
        out.put("cpu_ms", String.format("%.0f", cpuMs));
        out.put("cpu_ms_per_1k_tokens", tokenCount == 0 ? "n/a" : String.format("%.1f", cpuMs * 1000 / tokenCount));
        out.put("cpu_ms_per_1k_streams", completed.get() == 0 ? "n/a"
                : String.format("%.0f", cpuMs * 1000 / completed.get()));
        out.put("cpu_cores_busy", String.format("%.2f", cpuMs / (elapsedNs / 1e6)));
        out.put("upstream_cpu_ms", String.format("%.0f", (upstreamAfter - upstreamBefore) * 1000.0 / clkTck));
        double servicesMs = servicesTicks * 1000.0 / clkTck;
        out.put("services_cpu_ms", String.format("%.0f", servicesMs));
        out.put("services_cpu_ms_per_1k_tokens", tokenCount == 0 ? "n/a"
                : String.format("%.1f", servicesMs * 1000 / tokenCount));
        out.put("driver_cpu_ms", String.format("%.0f", (selfAfter - selfBefore) * 1000.0 / clkTck));
        out.put("heap_max_mib", heapMax.get() < 0 ? "n/a" : String.valueOf(heapMax.get() / (1024 * 1024)));
        out.put("rss_max_mib", rssMax.get() <= 0 ? "n/a" : String.valueOf(rssMax.get() / 1024));
        StringBuilder err = new StringBuilder();
        errors.forEach((k, v) -> err.append(v.get()).append("x ").append(k).append(" | "));
        out.put("errors", err.toString().replace('\n', ' '));

        StringBuilder text = new StringBuilder();
        out.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        System.out.print(text);
        String file = args.s("out", "");
        if (!file.isEmpty()) {
            Files.writeString(Path.of(file), text);
        }
    }

    private Mono<Void> oneStream(String accessToken, int worker) {
        long t0 = System.nanoTime();
        started.incrementAndGet();
        Stream stream = new Stream(t0);
        String body = rill
                ? "{\"content\":{\"message\":\"load test turn from worker " + worker + " " + directive + "\"}}"
                : "{\"model\":\"fake-upstream\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"load test turn from worker " + worker + " "
                + directive + "\"}]}";
        String path = rill ? url + "/api/messages" : url + "/v1/chat/completions";
        return client
                .headers(h -> {
                    h.set("content-type", "application/json");
                    h.set("accept", "text/event-stream");
                    h.set("authorization", "Bearer " + (rill ? accessToken : "load-test"));
                })
                .post().uri(path)
                .send(ByteBufMono.fromString(Mono.just(body)))
                .response((head, content) -> {
                    if (head.status().code() != 200) {
                        return content.aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                .doOnNext(s -> stream.fail("HTTP " + head.status().code() + " "
                                        + s.substring(0, Math.min(200, s.length()))))
                                .then();
                    }
                    active.incrementAndGet();
                    return content.asString(StandardCharsets.UTF_8)
                            .doOnNext(stream::onChunk)
                            .doFinally(signal -> active.decrementAndGet())
                            .then();
                })
                .then()
                .timeout(Duration.ofSeconds(args.i("stream-timeout-s", 60)))
                .doOnError(e -> stream.fail(e.getClass().getSimpleName() + ": " + e.getMessage()))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> stream.finish());
    }

    /** One stream's parse state: chunks arrive in order on one event loop, so no locking. */
    private final class Stream {
        private final long t0;
        private final StringBuilder pending = new StringBuilder();
        private long lastToken = -1;
        private boolean ended;
        private String failure;

        Stream(long t0) {
            this.t0 = t0;
        }

        void onChunk(String chunk) {
            long now = System.nanoTime();
            pending.append(chunk);
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                if (line.startsWith("data:")) {
                    onData(line.substring(5).trim(), now);
                }
            }
        }

        private void onData(String data, long now) {
            boolean token;
            if (rill) {
                token = data.contains("\"delta\"");
                if (data.contains("\"type\":\"end\"")) {
                    ended = true;
                } else if (data.contains("\"type\":\"error\"")) {
                    fail("error event " + data.substring(0, Math.min(200, data.length())));
                }
            } else {
                if (data.equals("[DONE]")) {
                    ended = true;
                }
                token = data.contains("\"content\":\"") && !data.contains("\"content\":\"\"");
            }
            if (!token) {
                return;
            }
            tokens.increment();
            // Streams the driver opened while it was still cold (JIT, first connections) are not timed.
            boolean timed = t0 >= recordFrom;
            if (lastToken < 0) {
                if (timed) {
                    ttft.recordValue(Math.max(1, (now - t0) / 1000));
                }
            } else if (timed) {
                gaps.recordValue(Math.max(1, (now - lastToken) / 1000));
            }
            lastToken = now;
        }

        void fail(String why) {
            if (failure == null) {
                failure = why;
            }
        }

        void finish() {
            if (failure == null && !ended) {
                failure = "stream closed without " + (rill ? "an end event" : "[DONE]");
            }
            if (failure == null) {
                completed.incrementAndGet();
            } else {
                failed.incrementAndGet();
                String key = failure.replaceAll("(run|chat|msg)-[0-9a-f-]{36}", "$1-…")
                        .replaceAll("worker \\d+", "worker N");
                errors.computeIfAbsent(key.substring(0, Math.min(240, key.length())), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    }

    private List<String> signUp(int users) {
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<String> tokensOut = Flux.range(0, users)
                .flatMapSequential(i -> client.headers(h -> h.set("content-type", "application/json"))
                        .post().uri(url + "/api/auth/signup")
                        .send(ByteBufMono.fromString(Mono.just("{\"email\":\"load-" + run + "-" + i
                                + "@example.com\",\"password\":\"load-test-password-" + i + "\",\"nickname\":\"load"
                                + i + "\"}")))
                        .responseSingle((head, content) -> content.asString().defaultIfEmpty("").map(s -> {
                            Matcher m = ACCESS_TOKEN.matcher(s);
                            if (head.status().code() >= 300 || !m.find()) {
                                throw new IllegalStateException("sign-up failed: " + head.status() + " " + s);
                            }
                            return m.group(1);
                        })), 4)
                .collectList()
                .block(Duration.ofSeconds(120));
        System.out.println("signed up " + tokensOut.size() + " users");
        return tokensOut;
    }

    private Mono<Long> heapBytes(String prometheusUrl) {
        return HttpClient.create().responseTimeout(Duration.ofSeconds(5)).get().uri(prometheusUrl)
                .responseContent().aggregate().asString()
                .map(text -> {
                    long sum = 0;
                    for (String line : text.split("\n")) {
                        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                            sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        }
                    }
                    return sum;
                });
    }

    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU ticks of a process that may have exited (a PostgreSQL backend), or -1. */
    static long cpuTicksOrNegative(long pid) {
        try {
            return cpuTicks(pid);
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    static long rssKb(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
