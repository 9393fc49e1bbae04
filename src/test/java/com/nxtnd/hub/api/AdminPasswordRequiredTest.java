package com.nxtnd.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nxtnd.hub.HubProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class AdminPasswordRequiredTest {

    private final AdminSecurityConfig config = new AdminSecurityConfig();
    private final HubProperties realSystems = new HubProperties("https://hub.example", false, false, false, "");

    @Test
    void aRealStoreWithoutAdminPasswordStopsStartUp() {
        assertThatThrownBy(() -> config.adminUsers(new AdminProperties("admin", "", 10, java.time.Duration.ofMinutes(5)), realSystems,
                PasswordEncoderFactories.createDelegatingPasswordEncoder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HUB_ADMIN_PASSWORD");
    }

    @Test
    void aSetPasswordIsStoredEncoded() {
        var users = config.adminUsers(new AdminProperties("ops", "s3cret-pass", 10, java.time.Duration.ofMinutes(5)), realSystems,
                PasswordEncoderFactories.createDelegatingPasswordEncoder());
        assertThat(users.loadUserByUsername("ops").getPassword()).startsWith("{bcrypt}").doesNotContain("s3cret-pass");
    }
}
