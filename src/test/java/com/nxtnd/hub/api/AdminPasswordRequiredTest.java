package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nxtnd.hub.HubProperties;
import org.junit.jupiter.api.Test;

class AdminPasswordRequiredTest {

    private final AdminSecurityConfig config = new AdminSecurityConfig();
    private final HubProperties realSystems = new HubProperties("https://hub.example", false, false, false, "");

    @Test
    void aRealStoreWithoutAdminPasswordStopsStartUp() {
        assertThatThrownBy(() -> config.adminUsers(new AdminProperties("admin", "", 10, java.time.Duration.ofMinutes(5)), realSystems,
                config.passwordEncoder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HUB_ADMIN_PASSWORD");
    }

    @Test
    void aSetPasswordIsStoredEncoded() {
        var encoder = config.passwordEncoder();
        var users = config.adminUsers(new AdminProperties("ops", "s3cret-pass", 10, java.time.Duration.ofMinutes(5)), realSystems,
                encoder);
        String stored = users.loadUserByUsername("ops").getPassword();
        assertThat(stored).doesNotContain("s3cret-pass");
        assertThat(encoder.matches("s3cret-pass", stored)).isTrue();
    }
}
