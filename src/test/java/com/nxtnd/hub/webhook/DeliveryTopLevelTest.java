package com.nxtnd.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nxtnd.hub.webhook.WebhookIntakeProcessor.TopLevel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryTopLevelTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsTheIdAndModificationTimeOfARealDelivery() throws Exception {
        TopLevel real = TopLevel.read(json, CapturedDelivery.load("delivery-product-updated.txt").body());

        assertThat(real).isEqualTo(new TopLevel(14L, json.readTree(CapturedDelivery.load("delivery-product-updated.txt")
                .body()).path("date_modified_gmt").asText()));
        assertThat(real.dateModifiedGmt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void onlyTheTopLevelIdCounts() {
        assertThat(read("{\"images\":[{\"id\":7}],\"meta_data\":{\"id\":8},\"id\":9}").id()).isEqualTo(9L);
        assertThat(read("{\"images\":[{\"id\":7}]}").id()).isNull();
    }

    @Test
    void anIdThatIsNotANumberIsMissingAndABodyThatIsNotAJsonObjectIsMalformed() {
        assertThat(read("{\"id\":\"14\"}").id()).isNull();
        assertThat(read("{\"id\":null}").id()).isNull();
        assertThat(read("{\"id\":123456789012345678901234567890}").id()).isNull();
        assertThat(read("{\"id\":14.0}").id()).isEqualTo(14L);
        assertThat(read("{\"id\": 14, \"name\": ")).isNull();
        assertThat(read("[{\"id\":14}]")).isNull();
        assertThat(read("webhook_id=3")).isNull();
        assertThat(read("")).isNull();
    }

    private TopLevel read(String body) {
        return TopLevel.read(json, body.getBytes(StandardCharsets.UTF_8));
    }
}
