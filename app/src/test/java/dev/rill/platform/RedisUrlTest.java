package dev.rill.platform;

import java.util.List;

import dev.rill.RillApplication;
import dev.rill.platform.RedisTopology.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code RILL_REDIS_URL} in its three forms, and how a wrong one is reported. */
class RedisUrlTest {

    @Test
    void aSingleServerUrlKeepsItsMeaning() {
        RedisTopology topology = RedisTopology.parse("redis://:s%40cret@cache:6380/2");

        assertThat(topology.mode()).isEqualTo(Mode.SINGLE);
        assertThat(topology.nodes()).containsExactly("redis://cache:6380");
        assertThat(topology.database()).isEqualTo(2);
        assertThat(topology.password()).isEqualTo("s@cret");
        assertThat(topology.username()).isNull();
        assertThat(RedisTopology.parse("rediss://cache").nodes()).containsExactly("rediss://cache:6379");
    }

    @Test
    void aSentinelUrlListsSentinelsAndNamesTheMaster() {
        RedisTopology topology = RedisTopology.parse(
                "redis-sentinel://app:pw@s1:26380,s2,10.0.0.3:26381/mymaster?db=3&sentinel-password=spw");

        assertThat(topology.mode()).isEqualTo(Mode.SENTINEL);
        assertThat(topology.nodes()).containsExactly("redis://s1:26380", "redis://s2:26379", "redis://10.0.0.3:26381");
        assertThat(topology.master()).isEqualTo("mymaster");
        assertThat(topology.database()).isEqualTo(3);
        assertThat(topology.username()).isEqualTo("app");
        assertThat(topology.password()).isEqualTo("pw");
        assertThat(topology.sentinelPassword()).isEqualTo("spw");
        assertThat(topology.display()).isEqualTo("redis-sentinel://s1:26380,s2:26379,10.0.0.3:26381/mymaster?db=3");
    }

    @Test
    void aClusterUrlListsSeedNodesOverTlsWhenAsked() {
        RedisTopology topology = RedisTopology.parse("rediss-cluster://:pw@c1:7000,c2:7001");

        assertThat(topology.mode()).isEqualTo(Mode.CLUSTER);
        assertThat(topology.nodes()).containsExactly("rediss://c1:7000", "rediss://c2:7001");
        assertThat(topology.database()).isZero();
        assertThat(topology.display()).isEqualTo("rediss-cluster://c1:7000,c2:7001").doesNotContain("pw");
    }

    @Test
    void refusesUrlsThatCannotMeanOneTopology() {
        for (String url : List.of("redis-sentinel://s1:26379", "redis-cluster://c1:7000/1",
                "redis://a:6379,b:6379", "redis-cluster://c1:7000?timeout=5", "memcached://m:11211",
                "redis-cluster://c1:99999", "redis-sentinel://s1:26379/m?db=x", "redis://")) {
            assertThatThrownBy(() -> RedisTopology.parse(url)).as(url).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBadUrlStopsStartUpWithOneLineThatHidesThePassword() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RillApplication.class)
                .run("--rill.redis.url=redis-sentinel://:topsecret@s1:26379", "--server.port=0",
                        "--logging.level.root=OFF"));

        FailureAnalysis analysis = new UnreachableServiceFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("RILL_REDIS_URL is invalid (redis-sentinel:// needs")
                .contains("redis-cluster://").doesNotContain("topsecret").doesNotContain("\n");
    }

    @Test
    void anUnreachableClusterStopsStartUpWithOneLine() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RillApplication.class)
                .run("--rill.redis.url=redis-cluster://:topsecret@127.0.0.1:1", "--server.port=0",
                        "--rill.redis.connect-timeout=500ms", "--logging.level.root=OFF"));

        FailureAnalysis analysis = new UnreachableServiceFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Cannot reach the Redis Cluster at redis-cluster://127.0.0.1:1")
                .doesNotContain("topsecret").doesNotContain("\n");
        assertThat(analysis.getAction()).contains("RILL_REDIS_URL");
    }
}
