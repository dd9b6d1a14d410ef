package dev.rill.loadtest;

import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The reference: a reactor-netty server that forwards {@code POST /v1/chat/completions} to the upstream and pipes
 * the response bytes back untouched. Whatever Rill costs beyond this is Rill's own work.
 */
public final class BareRelay {

    private BareRelay() {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        String upstream = args.s("upstream", "http://127.0.0.1:18081") + "/v1/chat/completions";
        HttpClient client = HttpClient.create(ConnectionProvider.builder("relay")
                .maxConnections(args.i("max-connections", 10_000)).pendingAcquireMaxCount(-1).build());
        DisposableServer server = HttpServer.create()
                .host(args.s("host", "127.0.0.1"))
                .port(args.i("port", 18082))
                .route(routes -> routes.post("/v1/chat/completions", (request, response) -> client
                        .headers(h -> h.set("content-type", "application/json")
                                .set("authorization", String.valueOf(request.requestHeaders().get("authorization"))))
                        .post().uri(upstream)
                        .send(request.receive().retain())
                        .response((head, body) -> response.status(head.status())
                                .header("content-type", head.responseHeaders().get("content-type", "text/event-stream"))
                                .send(body.retain()))
                        .then()))
                .bindNow();
        System.out.println("BareRelay listening on " + server.host() + ":" + server.port() + " -> " + upstream);
        server.onDispose().block();
    }
}
