package com.nxtnd.hub.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every strategy on the same three records, and the seed's field rules. */
class ThreeWayMergeTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ThreeWayMerge merge = new ThreeWayMerge(new ConflictProperties(Strategy.TIMESTAMP, true, true, null, null));

    private static final Instant EARLIER = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-25T10:05:00Z");

    private JsonNode node(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    private final String base = "{'sku':'A','name':'Mug','unitPrice':'5.00','description':'Plain'}";
    // WooCommerce renamed it and changed the description; NXT-ND renamed it and changed the price
    private final String woo = "{'sku':'A','name':'Mug (Woo)','unitPrice':'5.00','description':'Blue'}";
    private final String nxt = "{'sku':'A','name':'Mug (NXT)','unitPrice':'6.50','description':'Plain'}";

    private MergeResult run(Strategy strategy, Instant wooModified, Instant nxtModified) throws Exception {
        return merge.merge("product", strategy, node(base), node(woo), node(nxt), wooModified, nxtModified);
    }

    @Test
    void editsOfDifferentFieldsMergeWithoutAConflict() throws Exception {
        MergeResult r = merge.merge("product", Strategy.MANUAL, node(base),
                node("{'sku':'A','name':'Mug','unitPrice':'5.00','description':'Blue'}"),
                node("{'sku':'A','name':'Mug','unitPrice':'6.50','description':'Plain'}"), EARLIER, LATER);
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.held()).isFalse();
        assertThat(r.merged()).isEqualTo(node("{'sku':'A','name':'Mug','unitPrice':'6.50','description':'Blue'}"));
    }

    @Test
    void aFieldCarriedInMetadataMergesLikeAnyOther() throws Exception {
        // the shop renamed the customer while NXT-ND changed the billing e-mail (metadata.billingEmail)
        MergeResult r = merge.merge("customer", Strategy.MANUAL,
                node("{'email':'a@b.c','firstName':'Ann','metadata':{'billingEmail':'old@b.c'}}"),
                node("{'email':'a@b.c','firstName':'Anna','metadata':{'billingEmail':'old@b.c'}}"),
                node("{'email':'a@b.c','firstName':'Ann','metadata':{'billingEmail':'new@b.c'}}"), EARLIER, LATER);
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.merged()).isEqualTo(node("{'email':'a@b.c','firstName':'Anna','metadata':{'billingEmail':'new@b.c'}}"));
        // both changed it: a conflict on it, held under MANUAL
        MergeResult both = merge.merge("customer", Strategy.MANUAL, node("{'metadata':{'billingEmail':'old@b.c'}}"),
                node("{'metadata':{'billingEmail':'woo@b.c'}}"), node("{'metadata':{'billingEmail':'nxt@b.c'}}"),
                EARLIER, LATER);
        assertThat(both.conflicts()).extracting(FieldConflict::field).containsExactly("metadata");
        assertThat(both.held()).isTrue();
    }

    @Test
    void sameValueOnBothSidesIsNoConflict() throws Exception {
        MergeResult r = merge.merge("product", Strategy.MANUAL, node(base),
                node("{'sku':'A','name':'Cup','unitPrice':'5.0'}"), node("{'sku':'A','name':'Cup','unitPrice':5}"),
                EARLIER, LATER);
        assertThat(r.conflicts()).isEmpty();
        assertThat(r.merged().path("name").asText()).isEqualTo("Cup");
    }

    @Test
    void timestampLetsTheMostRecentSideWinTheConflictingField() throws Exception {
        MergeResult nxtNewer = run(Strategy.TIMESTAMP, EARLIER, LATER);
        assertThat(nxtNewer.conflicts()).extracting(FieldConflict::field).containsExactly("name");
        assertThat(nxtNewer.merged().path("name").asText()).isEqualTo("Mug (NXT)");
        // the fields only one side changed are kept from that side either way
        assertThat(nxtNewer.merged().path("description").asText()).isEqualTo("Blue");
        assertThat(nxtNewer.merged().path("unitPrice").asText()).isEqualTo("6.50");

        MergeResult wooNewer = run(Strategy.TIMESTAMP, LATER, EARLIER);
        assertThat(wooNewer.merged().path("name").asText()).isEqualTo("Mug (Woo)");
        assertThat(wooNewer.conflicts().get(0).winner()).isEqualTo("woo");
    }

    @Test
    void wcWinsAndNxtWinsTakeOneSideForConflictingFieldsOnly() throws Exception {
        MergeResult wc = run(Strategy.WC_WINS, EARLIER, LATER);
        assertThat(wc.merged().path("name").asText()).isEqualTo("Mug (Woo)");
        assertThat(wc.merged().path("unitPrice").asText()).isEqualTo("6.50");
        MergeResult nx = run(Strategy.NXT_WINS, LATER, EARLIER);
        assertThat(nx.merged().path("name").asText()).isEqualTo("Mug (NXT)");
        assertThat(nx.merged().path("description").asText()).isEqualTo("Blue");
        assertThat(wc.held()).isFalse();
        assertThat(nx.held()).isFalse();
    }

    @Test
    void priorityFollowsTheSeedFieldRules() throws Exception {
        // product name: wc_wins, price: nxt_wins
        MergeResult r = merge.merge("product", Strategy.PRIORITY, node(base),
                node("{'sku':'A','name':'Mug (Woo)','unitPrice':'7.00'}"),
                node("{'sku':'A','name':'Mug (NXT)','unitPrice':'6.50'}"), LATER, EARLIER);
        assertThat(r.merged().path("name").asText()).isEqualTo("Mug (Woo)");
        assertThat(r.merged().path("unitPrice").asText()).isEqualTo("6.50");
        assertThat(r.held()).isFalse();
        // customer email: wc_wins, phone: nxt_wins
        MergeResult c = merge.merge("customer", Strategy.PRIORITY, node("{'email':'a@x.io','phone':'1'}"),
                node("{'email':'woo@x.io','phone':'2'}"), node("{'email':'nxt@x.io','phone':'3'}"), LATER, EARLIER);
        assertThat(c.merged().path("email").asText()).isEqualTo("woo@x.io");
        assertThat(c.merged().path("phone").asText()).isEqualTo("3");
    }

    @Test
    void priorityHoldsAFieldWithoutARule() throws Exception {
        MergeResult r = merge.merge("product", Strategy.PRIORITY, node(base),
                node("{'sku':'A','name':'Mug','description':'Woo text'}"),
                node("{'sku':'A','name':'Mug','description':'NXT text'}"), LATER, EARLIER);
        assertThat(r.held()).isTrue();
        assertThat(r.conflicts().get(0).winner()).isNull();
    }

    @Test
    void mergeCombinesAddressesKeyByKeyAndUsesFieldRulesElsewhere() throws Exception {
        MergeResult r = merge.merge("customer", Strategy.MERGE,
                node("{'email':'a@x.io','phone':'1','billingAddress':{'line1':'Old St 1','city':'Oslo','postcode':'0150'}}"),
                node("{'email':'a@x.io','phone':'2','billingAddress':{'line1':'New St 9','city':'Oslo','postcode':'0150'}}"),
                node("{'email':'a@x.io','phone':'3','billingAddress':{'line1':'Old St 1','city':'Bergen','postcode':'5003'}}"),
                LATER, EARLIER);
        assertThat(r.held()).isFalse();
        assertThat(r.merged().path("phone").asText()).isEqualTo("3"); // phone: nxt_wins
        assertThat(r.merged().path("billingAddress")).isEqualTo(
                node("{'line1':'New St 9','city':'Bergen','postcode':'5003'}"));
    }

    @Test
    void manualHoldsEveryConflictingFieldAndReportsBothValues() throws Exception {
        MergeResult r = run(Strategy.MANUAL, EARLIER, LATER);
        assertThat(r.held()).isTrue();
        FieldConflict name = r.conflicts().get(0);
        assertThat(name.base().asText()).isEqualTo("Mug");
        assertThat(name.woo().asText()).isEqualTo("Mug (Woo)");
        assertThat(name.nxt().asText()).isEqualTo("Mug (NXT)");
    }

    @Test
    void perEntityStrategiesAndOwnFieldRulesAreConfigurable() throws Exception {
        ThreeWayMerge configured = new ThreeWayMerge(new ConflictProperties(Strategy.TIMESTAMP, true, true,
                Map.of("product", Strategy.PRIORITY), Map.of("product", Map.of("description", Strategy.NXT_WINS))));
        MergeResult r = configured.merge("product", node(base), node("{'sku':'A','description':'W'}"),
                node("{'sku':'A','description':'N'}"), LATER, EARLIER);
        assertThat(r.strategy()).isEqualTo(Strategy.PRIORITY);
        assertThat(r.merged().path("description").asText()).isEqualTo("N");
    }
}
