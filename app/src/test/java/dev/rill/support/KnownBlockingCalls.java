package dev.rill.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Blocking calls BlockHound may let pass, each with the reason it is acceptable. Keep this list short: every
 * entry is a place where an event loop can stall.
 */
public class KnownBlockingCalls implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Swagger UI's static files are read from the springdoc jar by Spring's resource handler, which checks
        // readability synchronously. They are a few small files, read once into the OS page cache, on a
        // documentation page that is not on any chat path.
        builder.allowBlockingCallsInside("org.springframework.web.reactive.resource.PathResourceResolver",
                "getResource");
        builder.allowBlockingCallsInside("org.springframework.web.reactive.resource.ResourceWebHandler",
                "setHeaders");
        // springdoc builds the OpenAPI document once, at start-up (pre-loading), under a lock; a request for it that
        // arrives while that build is still running waits for it. Seen on 2 cores with the embedding model loading
        // at the same time. The document is cached afterwards, and the route is not on any chat path.
        builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
        // Redisson guards its list of in-flight commands with a ReentrantLock held for a few instructions; a
        // caller on an event loop can park on it for microseconds when two threads send commands at once.
        builder.allowBlockingCallsInside("org.redisson.misc.WrappedLock", "execute");
    }
}
