package dev.rill.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service location given as one URL, the way operators write it ({@code postgresql://user:pass@host:5432/db},
 * {@code redis://:pass@host:6379/0}), broken into the parts that drivers want.
 */
public record ServiceUrl(String scheme, String host, int port, String path, String username, String password,
                         Map<String, String> query) {

    public static ServiceUrl parse(String raw, int defaultPort) {
        String text = raw.strip();
        // Accept the driver-specific spellings too, so a copied JDBC or R2DBC URL works as well.
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        if (text.startsWith("r2dbc:")) {
            text = text.substring("r2dbc:".length());
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid URL: " + redact(raw));
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("URL needs a scheme and a host: " + redact(raw));
        }
        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (username.isEmpty()) {
                username = null;
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        // JDBC style puts credentials in the query string.
        if (username == null && query.containsKey("user")) {
            username = query.remove("user");
        }
        if (password == null && query.containsKey("password")) {
            password = query.remove("password");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new ServiceUrl(uri.getScheme(), uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort(), path,
                username, password, java.util.Collections.unmodifiableMap(query));
    }

    /** The URL without its password, safe for logs. */
    public String display() {
        return scheme + "://" + (username == null ? "" : username + "@") + host + ":" + port
                + (path.isEmpty() ? "" : "/" + path);
    }

    static String redact(String raw) {
        return raw.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
