package dev.platformauth.common.mail;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SendLimits: the address a client-IP limit counts")
class SendLimitsAddressTest {

    @Test
    @DisplayName("given IPv6 addresses of one /64 then they count as one; another /64 counts apart")
    void ipv6ByPrefix() {
        String first = SendLimits.countedAddress("2001:db8:1:2:aaaa::1");
        assertThat(first).isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(SendLimits.countedAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(first);
        assertThat(SendLimits.countedAddress("2001:DB8:1:2::9%eth0")).isEqualTo(first);
        assertThat(SendLimits.countedAddress("2001:db8:1:3::1")).isNotEqualTo(first);
        assertThat(SendLimits.countedAddress("::1")).isEqualTo("0000:0000:0000:0000::/64");
    }

    @Test
    @DisplayName("given IPv4, an IPv4-mapped IPv6 address or something unparsable then each counts as the IPv4 address or itself")
    void others() {
        assertThat(SendLimits.countedAddress("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SendLimits.countedAddress("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SendLimits.countedAddress("unknown")).isEqualTo("unknown");
        assertThat(SendLimits.countedAddress("evil.example:80")).isEqualTo("evil.example:80");
        assertThat(SendLimits.countedAddress(null)).isNull();
    }
}
