package dev.rill.platform;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoop;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Users' base URLs must not reach Rill's own network: which addresses count as public, checked at resolution. */
class PublicAddressResolverTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "192.0.0.8", "198.18.0.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "ff02::1"})
    void loopbackPrivateLinkLocalAndReservedAddressesAreNotPublic(String literal) throws Exception {
        assertThat(PublicAddressResolver.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.216.34", "100.128.0.1", "172.32.0.1", "192.0.1.1",
            "2606:4700:4700::1111", "::ffff:8.8.8.8"})
    void internetAddressesArePublic(String literal) throws Exception {
        assertThat(PublicAddressResolver.isPublic(InetAddress.getByName(literal))).isTrue();
    }

    @Test
    void refusesAnAddressGivenAsAnIpLiteral() throws Exception {
        Future<InetSocketAddress> resolved = resolve(new PublicAddressResolver(List.of()),
                InetSocketAddress.createUnresolved("169.254.169.254", 80));

        assertThat(resolved.isSuccess()).isFalse();
        assertThat(resolved.cause()).isInstanceOf(PublicAddressResolver.NonPublicAddress.class)
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void refusesAnAlreadyResolvedLoopbackAddressToo() throws Exception {
        Future<InetSocketAddress> resolved = resolve(new PublicAddressResolver(List.of()),
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));

        assertThat(resolved.cause()).isInstanceOf(PublicAddressResolver.NonPublicAddress.class);
    }

    @Test
    void refusesANameThatResolvesToLoopback() throws Exception {
        Future<InetSocketAddress> resolved = resolve(new PublicAddressResolver(List.of()),
                InetSocketAddress.createUnresolved("localhost", 11434));

        assertThat(resolved.cause()).isInstanceOf(PublicAddressResolver.NonPublicAddress.class);
    }

    @Test
    void aHostTheOperatorListedResolvesToAnyAddress() throws Exception {
        Future<InetSocketAddress> resolved = resolve(new PublicAddressResolver(List.of("LocalHost", "127.0.0.1")),
                InetSocketAddress.createUnresolved("localhost", 11434));

        assertThat(resolved.isSuccess()).as("%s", resolved.cause()).isTrue();
        assertThat(resolved.getNow().getAddress().isLoopbackAddress()).isTrue();
        assertThat(resolved.getNow().getPort()).isEqualTo(11434);
    }

    @Test
    void aPublicLiteralResolvesWithoutAnyLookup() throws Exception {
        Future<InetSocketAddress> resolved = resolve(new PublicAddressResolver(List.of()),
                InetSocketAddress.createUnresolved("1.1.1.1", 443));

        assertThat(resolved.isSuccess()).as("%s", resolved.cause()).isTrue();
        assertThat(resolved.getNow().getAddress().getHostAddress()).isEqualTo("1.1.1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.255.255.1:81/v1/models", "https://10.1.2.3/v1/models"})
    void reactorNettyConnectsThroughItAndSendsNothingToAPrivateAddress(String url) {
        HttpClient client = HttpClient.create().resolver(new PublicAddressResolver(List.of()));

        Throwable failure = catchThrowable(() -> client.get().uri(url)
                .responseSingle((response, body) -> body.asString()).block(Duration.ofSeconds(10)));

        assertThat(failure).hasRootCauseInstanceOf(PublicAddressResolver.NonPublicAddress.class);
    }

    private Future<InetSocketAddress> resolve(PublicAddressResolver group, InetSocketAddress address)
            throws InterruptedException {
        AddressResolver<InetSocketAddress> resolver = group.getResolver(loop.next());
        Future<InetSocketAddress> result = resolver.resolve(address);
        result.await(10, TimeUnit.SECONDS);
        return result;
    }
}
