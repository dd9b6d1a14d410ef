package dev.rill.loadtest;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Turns the driver's result files ({@code <level>-relay.properties}, {@code <level>-rill.properties}) into markdown
 * tables and puts them between the {@code generated} markers of {@code docs/benchmarks.md}, so the hand-written
 * notes around them survive a re-run.
 */
public final class Report {

    static final String START = "<!-- generated:start -->";
    static final String END = "<!-- generated:end -->";

    private Report() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Path dir = Path.of(args.s("results", "loadtest/target/results"));
        Path doc = Path.of(args.s("out", "docs/benchmarks.md"));
        StringBuilder md = new StringBuilder(START).append('\n');
        Path header = dir.resolve("header.md");
        if (Files.exists(header)) {
            md.append(Files.readString(header)).append('\n');
        }
        List<String> levels = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-rill.properties"))
                    .map(n -> n.substring(0, n.length() - "-rill.properties".length())).forEach(levels::add);
        }
        levels.sort(Comparator.comparing(Report::levelOrder));
        for (String level : levels) {
            Properties rill = load(dir.resolve(level + "-rill.properties"));
            Properties relay = load(dir.resolve(level + "-relay.properties"));
            table(md, level, relay, rill);
        }
        Path tail = dir.resolve("tail.md");
        if (Files.exists(tail)) {
            md.append('\n').append(Files.readString(tail));
        }
        md.append(END).append('\n');
        String existing = Files.exists(doc) ? Files.readString(doc) : "";
        String text;
        int s = existing.indexOf(START);
        int e = existing.indexOf(END);
        if (s >= 0 && e > s) {
            text = existing.substring(0, s) + md + existing.substring(e + END.length() + 1);
        } else {
            text = "# Benchmarks\n\n" + md + "\n## Notes\n\n(write the reading of the numbers here)\n";
        }
        Files.writeString(doc, text);
        System.out.println("wrote " + doc);
    }

    private static String levelOrder(String level) {
        return String.format("%08d", Integer.parseInt(level.replaceAll("\\D", "").isEmpty() ? "0"
                : level.replaceAll("\\D", ""))) + level;
    }

    private static void table(StringBuilder md, String level, Properties relay, Properties rill) {
        md.append("\n### ").append(rill.getProperty("concurrency")).append(" concurrent streams (`")
                .append(level).append("`, upstream `").append(rill.getProperty("plan")).append("`, ")
                .append(rill.getProperty("duration_s")).append(" s of load)\n\n");
        md.append("| metric | bare relay | Rill | Rill vs relay |\n|---|---:|---:|---:|\n");
        long first = Long.parseLong(rill.getProperty("plan").replaceAll(".*first=(\\d+).*", "$1"));
        row(md, "streams completed / failed", relay.getProperty("streams_completed") + " / "
                + relay.getProperty("streams_failed"), rill.getProperty("streams_completed") + " / "
                + rill.getProperty("streams_failed"), "");
        row(md, "tokens received", relay.getProperty("tokens"), rill.getProperty("tokens"), "");
        row(md, "streams timed (opened after the driver's 3 s warm-up)", relay.getProperty("timed_streams"),
                rill.getProperty("timed_streams"), "");
        timeRow(md, "TTFT p50 (ms)", relay, rill, "ttft_p50_ms", first);
        timeRow(md, "TTFT p99 (ms)", relay, rill, "ttft_p99_ms", first);
        timeRow(md, "TTFT max (ms)", relay, rill, "ttft_max_ms", first);
        timeRow(md, "inter-token gap p50 (ms)", relay, rill, "gap_p50_ms", -1);
        timeRow(md, "inter-token gap p99 (ms)", relay, rill, "gap_p99_ms", -1);
        row(md, "sustained concurrent streams (mean / max)", relay.getProperty("active_mean") + " / "
                + relay.getProperty("active_max"), rill.getProperty("active_mean") + " / "
                + rill.getProperty("active_max"), "");
        ratioRow(md, "CPU ms per 1,000 tokens", relay, rill, "cpu_ms_per_1k_tokens");
        ratioRow(md, "CPU ms per 1,000 streams", relay, rill, "cpu_ms_per_1k_streams");
        row(md, "Redis + PostgreSQL CPU ms per 1,000 tokens", relay.getProperty("services_cpu_ms_per_1k_tokens", "n/a"),
                rill.getProperty("services_cpu_ms_per_1k_tokens", "n/a"), "");
        ratioRow(md, "CPU cores busy (target process)", relay, rill, "cpu_cores_busy");
        row(md, "upstream / driver CPU ms", relay.getProperty("upstream_cpu_ms") + " / "
                + relay.getProperty("driver_cpu_ms"), rill.getProperty("upstream_cpu_ms") + " / "
                + rill.getProperty("driver_cpu_ms"), "");
        row(md, "heap used, max sampled (MiB)", relay.getProperty("heap_max_mib"), rill.getProperty("heap_max_mib"),
                "");
        row(md, "RSS max (MiB)", relay.getProperty("rss_max_mib"), rill.getProperty("rss_max_mib"), "");
        md.append('\n');
        for (Properties p : List.of(relay, rill)) {
            String errors = p.getProperty("errors", "");
            if (!errors.isBlank()) {
                md.append("Errors (").append(p.getProperty("mode")).append("): `").append(errors.replace('`', '\''))
                        .append("`\n\n");
            }
        }
    }

    private static void row(StringBuilder md, String name, String relay, String rill, String cmp) {
        md.append("| ").append(name).append(" | ").append(relay).append(" | ").append(rill).append(" | ")
                .append(cmp).append(" |\n");
    }

    private static void timeRow(StringBuilder md, String name, Properties relay, Properties rill, String key,
                                long upstream) {
        double a = Double.parseDouble(relay.getProperty(key));
        double b = Double.parseDouble(rill.getProperty(key));
        String ra = relay.getProperty(key);
        String rb = rill.getProperty(key);
        if (upstream >= 0) {
            ra += String.format(" (+%.1f over upstream)", a - upstream);
            rb += String.format(" (+%.1f over upstream)", b - upstream);
        }
        row(md, name, ra, rb, String.format("%+.1f ms", b - a));
    }

    private static void ratioRow(StringBuilder md, String name, Properties relay, Properties rill, String key) {
        String a = relay.getProperty(key);
        String b = rill.getProperty(key);
        String cmp;
        try {
            cmp = String.format("%.2f×", Double.parseDouble(b) / Double.parseDouble(a));
        } catch (NumberFormatException e) {
            cmp = "n/a";
        }
        row(md, name, a, b, cmp);
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }
}
