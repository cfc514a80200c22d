package dev.platformauth.rest.grant;

import dev.platformauth.rest.entitytoken.EntityTokenGrantTypeFactory;
import dev.platformauth.rest.exchangecode.ExchangeCodeGrantTypeFactory;
import dev.platformauth.rest.loginas.LoginAsGrantTypeFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GrantShortcutsTest {

    /** Keycloak 26.7.0's own grants (DefaultTokenContextEncoderProviderFactory rejects duplicates at start). */
    private static final Set<String> KEYCLOAK = Set.of("ac", "ag", "cc", "ci", "dg", "pc", "pg", "ro", "rt", "te");

    @Test
    @DisplayName("given our grants when their token-id shortcuts are read then each has exactly two characters and is unique")
    void twoCharactersUnique() {
        List<String> ours = List.of(new ExchangeCodeGrantTypeFactory().getShortcut(), new EntityTokenGrantTypeFactory().getShortcut(),
                new LoginAsGrantTypeFactory().getShortcut());
        assertThat(ours).allSatisfy(shortcut -> assertThat(shortcut).hasSize(2)).doesNotHaveDuplicates();
        assertThat(ours).doesNotContainAnyElementsOf(KEYCLOAK);
    }
}
