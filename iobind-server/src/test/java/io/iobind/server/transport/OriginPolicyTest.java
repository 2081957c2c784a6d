package io.iobind.server.transport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OriginPolicyTest {

    @Test
    void sameOriginAndMissingOriginAreAllowedOthersAreNot() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertThat(policy.isAllowed(null, "http", "127.0.0.1:1228")).isTrue();
        assertThat(policy.isAllowed("http://127.0.0.1:1228", "http", "127.0.0.1:1228")).isTrue();
        assertThat(policy.isAllowed("HTTP://LOCALHOST", "http", "localhost:80")).isTrue();
        assertThat(policy.isAllowed("http://127.0.0.1:1229", "http", "127.0.0.1:1228")).isFalse();
        assertThat(policy.isAllowed("https://127.0.0.1:1228", "http", "127.0.0.1:1228")).isFalse();
        assertThat(policy.isAllowed("null", "http", "127.0.0.1:1228")).isFalse();
        assertThat(policy.isAllowed("http://evil.example", "http", null)).isFalse();
    }

    @Test
    void theAllowListAndTheWildcardOpenIt() {
        OriginPolicy policy = new OriginPolicy(List.of("http://App.Example:8080", "https://secure.example:443"));
        assertThat(policy.isAllowed("http://app.example:8080", "http", "127.0.0.1:1228")).isTrue();
        assertThat(policy.isAllowed("https://secure.example", "http", "127.0.0.1:1228")).isTrue();
        assertThat(policy.isAllowed("http://app.example", "http", "127.0.0.1:1228")).isFalse();
        assertThat(new OriginPolicy(List.of("*")).isAllowed("http://anything.example", "http", "h:1")).isTrue();
    }

    @Test
    void crossOriginIsToldApartFromSameOrigin() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertThat(policy.isCrossOrigin(null, "http", "h:1")).isFalse();
        assertThat(policy.isCrossOrigin("http://h:1", "http", "h:1")).isFalse();
        assertThat(policy.isCrossOrigin("http://other:1", "http", "h:1")).isTrue();
    }

    @Test
    void aLoopbackOnlyPolicyServesLoopbackHostsAndAllowedOriginsHostsOnly() {
        OriginPolicy policy = new OriginPolicy(List.of("http://app.example:8080"), true);
        for (String host : List.of("localhost", "localhost:1228", "app.localhost:1", "127.0.0.1:1228", "127.9.8.7",
                "[::1]:1228", "[0:0:0:0:0:0:0:1]", "App.Example:8080", "localhost.:1")) {
            assertThat(policy.isHostAllowed(host)).as(host).isTrue();
        }
        for (String host : List.of("evil.example", "evil.example:1228", "127.0.0.1.evil.example", "[::2]:1",
                "localhost.evil.example", "[::1", "10.0.0.1:1228")) {
            assertThat(policy.isHostAllowed(host)).as(host).isFalse();
        }
        assertThat(new OriginPolicy(List.of(), false).isHostAllowed("evil.example")).isTrue();
        assertThat(new OriginPolicy(List.of("*"), true).isHostAllowed("evil.example")).isTrue();
    }
}
