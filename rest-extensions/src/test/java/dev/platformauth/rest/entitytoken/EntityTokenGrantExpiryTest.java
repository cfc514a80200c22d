package dev.platformauth.rest.entitytoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTokenGrantExpiryTest {

    @Test
    @DisplayName("given an entity token without expiry when the grant caps exp then the lifetime decides")
    void noExpiry() {
        assertThat(EntityTokenGrantType.expiryCap(1_300L, null)).isEqualTo(1_300L);
    }

    @Test
    @DisplayName("given an entity token expiring before the grant lifetime ends when the grant caps exp then its expiry decides")
    void tokenExpiresFirst() {
        assertThat(EntityTokenGrantType.expiryCap(1_300L, 1_100_999L)).isEqualTo(1_100L);
    }

    @Test
    @DisplayName("given an entity token expiring after the grant lifetime ends when the grant caps exp then the lifetime decides")
    void lifetimeEndsFirst() {
        assertThat(EntityTokenGrantType.expiryCap(1_300L, 5_000_000L)).isEqualTo(1_300L);
    }
}
