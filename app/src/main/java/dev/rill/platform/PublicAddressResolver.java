package dev.rill.platform;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Resolves host names for outbound calls to addresses that users chose (their provider key's base URL), and refuses
 * every address that is not on the public internet: loopback, private ranges, link-local (cloud metadata services
 * live at 169.254.169.254), carrier-grade NAT, unique-local IPv6, multicast and the unspecified address.
 *
 * <p>The check sits in the resolver, at connect time, rather than in a look-up when the URL is first accepted: a name
 * that resolved to a public address when the key was added can resolve to 127.0.0.1 a minute later (DNS
 * rebinding), and only the address actually connected to counts. Names the operator lists are exempt, for a model
 * server on the same host or network (Ollama on localhost, a vLLM box on the LAN).
 *
 * <p>The JDK's resolver blocks, so look-ups run on a small bounded scheduler, never on an event loop.
 */
public final class PublicAddressResolver extends AddressResolverGroup<InetSocketAddress> {

    /** Thrown, as the connection's failure, when a host resolves to an address that is not public. */
    public static final class NonPublicAddress extends UnknownHostException {

        NonPublicAddress(String host) {
            super(host + " resolves to an address that is not on the public internet");
        }
    }

    private static final Scheduler LOOKUPS = Schedulers.newBoundedElastic(4, 1_000, "rill-dns");

    private final Set<String> exemptHosts;

    /** @param exemptHosts host names (or IP literals) that may resolve to any address, compared case-insensitively */
    public PublicAddressResolver(List<String> exemptHosts) {
        this.exemptHosts = exemptHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code host} may be called whatever it resolves to. */
    public boolean exempt(String host) {
        return exemptHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code address} is on the public internet. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0                                   // "this network"
                    && !(first == 100 && second >= 64 && second < 128)  // carrier-grade NAT
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19))        // benchmarking
                    && first < 240;                             // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {                    // unique local fc00::/7
                return false;
            }
            if (isMappedIpv4(bytes)) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isMappedIpv4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                // Even an address given as an IP literal goes through doResolve, which checks it.
                return false;
            }

            @Override
            protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
                lookUp(unresolved).subscribe(all -> promise.trySuccess(
                        new InetSocketAddress(all.get(0), unresolved.getPort())), promise::tryFailure);
            }

            @Override
            protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
                lookUp(unresolved).subscribe(all -> promise.trySuccess(all.stream()
                        .map(address -> new InetSocketAddress(address, unresolved.getPort())).toList()),
                        promise::tryFailure);
            }
        };
    }

    private Mono<List<InetAddress>> lookUp(InetSocketAddress unresolved) {
        String host = unresolved.getHostString();
        return Mono.fromCallable(() -> {
            List<InetAddress> all = List.of(InetAddress.getAllByName(host));
            // Every address must pass, not just the first: the connection may try any of them.
            if (!exempt(host) && !all.stream().allMatch(PublicAddressResolver::isPublic)) {
                throw new NonPublicAddress(host);
            }
            return all;
        }).subscribeOn(LOOKUPS);
    }
}
