package com.nxtnd.hub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.sandbox.woo.WooSandboxViews;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both views of one stored product (api-notes.md, "Two views of a product") come out in one form. */
class WooStoredFormTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void theViewAndTheEditContextOfOneProductAreEqualOnceUndone() {
        for (String stored : new String[] {"line one\n\nline two", "a\nb", "short", "", "<p>already html</p>",
            "one\n\ntwo\nthree\n", "<ul><li>x</li></ul>"}) {
            JsonNode edit = json.createObjectNode().put("name", "Fish &amp; Chips").put("description", stored)
                    .put("short_description", stored);
            JsonNode view = json.createObjectNode().put("name", "Fish &amp; Chips")
                    .put("description", WooSandboxViews.wpautop(stored)).put("short_description", WooSandboxViews.wpautop(stored));
            assertThat(WooStoredForm.values(view)).as("stored %s", stored).isEqualTo(WooStoredForm.values(edit));
        }
        JsonNode observed = json.createObjectNode().put("name", "Fish &amp; Chips")
                .put("description", "<p>line one</p>\n<p>line two</p>\n").put("short_description", "<p>short</p>\n");
        Map<?, ?> form = (Map<?, ?>) WooStoredForm.values(observed);
        assertThat(form.get("name")).isEqualTo("Fish & Chips");
        assertThat(form.get("description")).isEqualTo("line one\n\nline two");
        assertThat(form.get("short_description")).isEqualTo("short");
    }
}
