package dev.rill.platform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis deployment that {@code RILL_REDIS_URL} names: one server ({@code redis://}), a master found through
 * Sentinel ({@code redis-sentinel://}), or a Cluster ({@code redis-cluster://}); each with an {@code s} for TLS.
 * Sentinel and Cluster list several seed hosts, which {@link java.net.URI} cannot parse, hence a parser of its own.
 *
 * @param nodes    {@code redis://host:port} or {@code rediss://host:port}, as Redisson wants them: the one server,
 *                 the sentinels, or the cluster's seed nodes
 * @param master   the master's name for Sentinel, else {@code null}
 * @param database the database number; always 0 for Cluster, which has no other
 */
record RedisTopology(Mode mode, List<String> nodes, String master, int database, String username, String password,
                     String sentinelPassword) {

    enum Mode { SINGLE, SENTINEL, CLUSTER }

    static final String FORMS = "redis://[:password@]host:6379[/db], "
            + "redis-sentinel://[:password@]host:26379[,host:26379…]/mastername[?db=N] or "
            + "redis-cluster://[:password@]host:7000[,host:7001…], with rediss for TLS";

    private static final Pattern URL = Pattern.compile(
            "(?<scheme>[a-z-]+)://(?:(?<userinfo>[^@/]*)@)?(?<hosts>[^/?#@]+)(?:/(?<path>[^?#]*))?(?:\\?(?<query>[^#]*))?");
    private static final Pattern HOST = Pattern.compile("(?<host>\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+)(?::(?<port>\\d{1,5}))?");

    /** Parses {@code raw}; the message of the exception names the problem and never the password. */
    static RedisTopology parse(String raw) {
        String text = raw.strip();
        Matcher url = URL.matcher(text);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a valid URL: " + ServiceUrl.redact(raw));
        }
        String scheme = url.group("scheme");
        boolean tls = scheme.startsWith("rediss");
        Mode mode = switch (scheme) {
            case "redis", "rediss" -> Mode.SINGLE;
            case "redis-sentinel", "rediss-sentinel" -> Mode.SENTINEL;
            case "redis-cluster", "rediss-cluster" -> Mode.CLUSTER;
            default -> throw new IllegalArgumentException("unknown scheme '" + scheme + "'");
        };
        int defaultPort = mode == Mode.SENTINEL ? 26379 : 6379;
        List<String> nodes = new ArrayList<>();
        for (String hostPort : url.group("hosts").split(",", -1)) {
            Matcher host = HOST.matcher(hostPort.strip());
            if (!host.matches()) {
                throw new IllegalArgumentException("not a host[:port]: '" + hostPort + "'");
            }
            int port = host.group("port") == null ? defaultPort : Integer.parseInt(host.group("port"));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            nodes.add((tls ? "rediss" : "redis") + "://" + host.group("host") + ":" + port);
        }
        if (mode == Mode.SINGLE && nodes.size() > 1) {
            throw new IllegalArgumentException(scheme + ":// takes one host; list several with " + scheme
                    + "-sentinel:// or " + scheme + "-cluster://");
        }
        String username = null;
        String password = null;
        if (url.group("userinfo") != null) {
            String info = url.group("userinfo");
            int colon = info.indexOf(':');
            username = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (username.isEmpty()) {
                username = null;
            }
        }
        Map<String, String> query = query(url.group("query"));
        String path = url.group("path") == null ? "" : url.group("path");
        String master = null;
        String db = query.remove("db");
        switch (mode) {
            case SINGLE -> {
                if (!path.isEmpty()) {
                    db = path;
                }
            }
            case SENTINEL -> {
                if (path.isEmpty() || path.contains("/")) {
                    throw new IllegalArgumentException("redis-sentinel:// needs the master's name as its path");
                }
                master = decode(path);
            }
            case CLUSTER -> {
                if (!path.isEmpty() || db != null && !db.equals("0")) {
                    throw new IllegalArgumentException("a Redis Cluster has only database 0; drop the path");
                }
            }
        }
        int database = 0;
        if (db != null) {
            try {
                database = Integer.parseInt(db);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("database is not a number: '" + db + "'");
            }
            if (database < 0) {
                throw new IllegalArgumentException("database must not be negative: " + database);
            }
        }
        String sentinelPassword = query.remove("sentinel-password");
        if (sentinelPassword != null && mode != Mode.SENTINEL) {
            throw new IllegalArgumentException("sentinel-password applies to redis-sentinel:// only");
        }
        // A single server's URL was never checked for parameters; refusing them now could stop a running setup.
        if (!query.isEmpty() && mode != Mode.SINGLE) {
            throw new IllegalArgumentException("unknown parameter '" + query.keySet().iterator().next() + "'");
        }
        return new RedisTopology(mode, List.copyOf(nodes), master, database, username, password, sentinelPassword);
    }

    /** Safe for logs: no password. */
    String display() {
        String hosts = String.join(",", nodes.stream().map(node -> node.substring(node.indexOf("://") + 3)).toList());
        String scheme = nodes.get(0).substring(0, nodes.get(0).indexOf("://"))
                + (mode == Mode.SENTINEL ? "-sentinel" : mode == Mode.CLUSTER ? "-cluster" : "");
        return scheme + "://" + hosts + (master != null ? "/" + master : "")
                + (database != 0 ? (mode == Mode.SINGLE ? "/" : "?db=") + database : "");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
