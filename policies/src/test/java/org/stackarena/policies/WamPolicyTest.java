package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.policies.data.DemoDataset;
import org.stackarena.policies.wam.WamPolicy;
import org.stackarena.policies.wam.WamSpec;
import org.stackarena.policies.wam.WamTrainer;

/** Training, saving and loading the world model, and policy.json mistakes. */
class WamPolicyTest {

    @TempDir
    Path tmp;

    private static WamTrainer.Options tinyOptions(int epochs, int horizon) {
        WamSpec s = WamTestPolicies.tinySpec();
        return new WamTrainer.Options(epochs, 16, 3e-3, 3, new WamSpec.Model(16, 32, horizon), s.planner(), s.loops(),
            0.2, 5);
    }

    @Test
    void aTinyWorldModelTrainsAndItsOneStepLossFalls() throws Exception {
        TestPolicies.writeSynthetic(tmp.resolve("data"), 8, 20);
        DemoDataset data = DemoDataset.load(tmp.resolve("data"), "front", Set.of());
        List<String> log = new ArrayList<>();
        WamTrainer.Result r = WamTrainer.train(data, VlaPolicy.create(TestPolicies.tinySpec(), 9), tinyOptions(8, 1),
            log::add);
        try (WamPolicy p = r.policy()) {
            assertThat(r.epochs()).hasSize(8);
            assertThat(r.valEpisodes()).isPositive();
            double first = r.epochs().get(0).train();
            double last = r.epochs().get(7).train();
            assertThat(last).isLessThan(first * 0.5);
            assertThat(r.epochs().get(7).val()).isFinite().isLessThan(r.epochs().get(0).val());
            assertThat(r.steps()).isEqualTo(8L * 7);   // 8 epochs of 6 x 20 training frames in 7 full batches of 16
            assertThat(log).anyMatch(l -> l.startsWith("encoded 160 frames"));
        }
    }

    @Test
    void imaginationErrorsAreReportedAgainstTheConstantPositionBaseline() throws Exception {
        TestPolicies.writeSynthetic(tmp.resolve("data"), 6, 20);
        DemoDataset data = DemoDataset.load(tmp.resolve("data"), "front", Set.of());
        WamTrainer.Result r = WamTrainer.train(data, VlaPolicy.create(TestPolicies.tinySpec(), 9), tinyOptions(2, 10),
            s -> { });
        try (WamPolicy p = r.policy()) {
            assertThat(r.imagination()).extracting(WamTrainer.Imagination::seconds).containsExactly(0.5, 1.0);
            for (WamTrainer.Imagination i : r.imagination()) {
                assertThat(i.samples()).isPositive();
                assertThat(i.eeCm()).isFinite();
                // the synthetic arm moves in x toward its goal, so staying put is wrong by a measurable amount
                assertThat(i.eeBaselineCm()).isPositive();
                assertThat(i.objectBaselineCm()).as("the synthetic object never moves").isZero();
            }
        }
    }

    @Test
    void saveLoadRoundTripsExactly() throws Exception {
        Path dir = tmp.resolve("a");
        float[] in = new float[WamSpec.INPUT_DIM];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.sin(i);
        }
        float[] actions = new float[3 * 4 * 4];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = (float) Math.cos(i) * 0.01f;
        }
        float[] before;
        try (WamPolicy p = WamTestPolicies.tinyPolicy(4)) {
            before = p.imagine(p.encode(in), actions, 3, 4);
            p.save(dir);
        }
        assertThat(dir.resolve("wam.params")).exists();
        assertThat(dir.resolve("encoder/vla.params")).exists();
        assertThat(PolicyLoader.forDirectory(dir).format()).isEqualTo(WamSpec.FORMAT);
        try (WamPolicy q = WamPolicy.load(dir)) {
            assertThat(q.imagine(q.encode(in), actions, 3, 4)).containsExactly(before);
            assertThat(q.spec().toJson()).isEqualTo(WamTestPolicies.tinySpec().toJson());
            q.save(tmp.resolve("b"));
        }
        assertThat(Files.readAllBytes(tmp.resolve("b/wam.params"))).isEqualTo(Files.readAllBytes(dir.resolve("wam.params")));
        assertThat(Files.readAllBytes(tmp.resolve("b/encoder/vla.params")))
            .isEqualTo(Files.readAllBytes(dir.resolve("encoder/vla.params")));
    }

    @Test
    void policyJsonMistakesAreOneLineNamingTheFileAndField() throws Exception {
        Path dir = tmp.resolve("a");
        try (WamPolicy p = WamTestPolicies.tinyPolicy(4)) {
            p.save(dir);
        }
        String good = Files.readString(dir.resolve("policy.json"));
        String[][] table = {
            {"\"samples\" : 8", "\"samples\" : 1", "field planner.samples: must be an integer >= 2, got 1"},
            {"\"horizon\" : 4", "\"horizon\" : 12", "field planner.horizon: must be an integer in 1..10"},
            {"\"planner_hz\" : 10.0", "\"planner_hz\" : -1", "field loops.planner_hz: must be positive, got -1.0"},
            {"\"latent_dim\" : 16", "\"latent_dim\" : 16, \"latent\" : 3", "field model.latent: unknown field (allowed: "},
            {"\"encoder\" : \"encoder\"", "\"encoder\" : \"../elsewhere\"", "field encoder: must be a name in the policy directory"},
            {"\"action_scale_m\" : 0.02", "\"action_scale_m\" : \"big\"", "field normalisation.action_scale_m: must be a number"},
        };
        for (String[] row : table) {
            assertThat(good).contains(row[0]);
            Files.writeString(dir.resolve("policy.json"), good.replace(row[0], row[1]));
            assertThatThrownBy(() -> WamPolicy.load(dir)).isInstanceOf(CheckpointException.class)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"))
                .hasMessageStartingWith(dir.resolve("policy.json") + ": " + row[2]);
        }
        Files.writeString(dir.resolve("policy.json"), good);
        Files.delete(dir.resolve("encoder/policy.json"));
        assertThatThrownBy(() -> WamPolicy.load(dir)).hasMessageContaining("field encoder: ")
            .hasMessageContaining("is missing (the frozen VLA checkpoint");
    }
}
