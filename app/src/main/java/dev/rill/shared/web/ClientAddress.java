package dev.rill.shared.web;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The address a request came from, for per-client rate limits. Behind a proxy, set
 * {@code server.forward-headers-strategy=framework} so that this is the client's address, not the proxy's.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerRequest request) {
        // A forwarded address arrives unresolved (no InetAddress), so fall back to the text the proxy sent;
        // mapping it to one shared value would put every proxied client into the same throttle bucket.
        return request.remoteAddress()
                .map(address -> address.getAddress() != null
                        ? address.getAddress().getHostAddress() : address.getHostString())
                .orElse("unknown");
    }
}
