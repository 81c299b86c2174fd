package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.data.DemoDataset;

class BcTrainerTest {

    @TempDir
    Path tmp;

    @Test
    void aTinyModelLearnsAndItsLossFalls() throws Exception {
        TestPolicies.writeSynthetic(tmp.resolve("data"), 8, 20);
        DemoDataset data = DemoDataset.load(tmp.resolve("data"), "front", Set.of());
        assertThat(data.episodes()).hasSize(8);
        assertThat(data.frames()).isEqualTo(160);
        List<String> log = new ArrayList<>();
        BcTrainer.Result r = BcTrainer.train(data, InstructionEncoder.fromTemplates(TestPolicies.TEMPLATES),
            TestPolicies.tinyOptions(6), log::add);
        try (VlaPolicy p = r.policy()) {
            assertThat(log).hasSize(6);
            assertThat(r.valEpisodes()).isPositive();
            double first = r.epochs().get(0).train();
            double last = r.epochs().get(r.epochs().size() - 1).train();
            assertThat(last).isLessThan(first * 0.8);
            assertThat(r.epochs().get(r.epochs().size() - 1).val()).isFinite();
        }
    }

    @Test
    void trainingIsSeeded() throws Exception {
        TestPolicies.writeSynthetic(tmp.resolve("data"), 6, 10);
        DemoDataset data = DemoDataset.load(tmp.resolve("data"), "front", Set.of());
        InstructionEncoder enc = InstructionEncoder.fromTemplates(TestPolicies.TEMPLATES);
        double a = trainAndAct(data, enc, TestPolicies.tinyOptions(2));
        double b = trainAndAct(data, enc, TestPolicies.tinyOptions(2));
        double other = trainAndAct(data, enc, TestPolicies.tinyOptions(2).toBuilder().seed(4).build());
        // Bit-equal on this machine in every run but one: a fresh-clone CI run once differed by 1.6e-5
        // relative between two trainings in one JVM (libtorch's MKL/oneDNN kernels give no
        // reproducibility guarantee on AMD CPUs). Another seed moves the output by far more.
        assertThat(b).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-4 * Math.abs(a)));
        assertThat(Math.abs(other - a)).as("another seed's output").isGreaterThan(1e-2 * Math.abs(a));
    }

    private static double trainAndAct(DemoDataset data, InstructionEncoder enc, BcTrainer.Options o) throws Exception {
        try (VlaPolicy p = BcTrainer.train(data, enc, o, s -> { }).policy()) {
            return p.system1(new float[8 + PolicySpec.GOAL_DIM], new float[10])[0];
        }
    }

    @Test
    void twoStageTrainingFitsSystem1AndThenSystem2sGoalEstimate() throws Exception {
        TestPolicies.writeSynthetic(tmp.resolve("data"), 20, 20);
        DemoDataset data = DemoDataset.load(tmp.resolve("data"), "front", Set.of());
        List<String> log = new ArrayList<>();
        BcTrainer.Result r = BcTrainer.train(data, InstructionEncoder.fromTemplates(TestPolicies.TEMPLATES),
            TestPolicies.tinyTwoStageOptions(60), log::add);
        try (VlaPolicy p = r.policy()) {
            assertThat(p.spec().latentDim()).isZero();
            List<String> s1 = log.stream().filter(l -> l.startsWith("system1 epoch")).toList();
            assertThat(log).anyMatch(l -> l.startsWith("system1 averaged weights"));
            assertThat(s1).hasSize(TestPolicies.tinyTwoStageOptions(60).system1Epochs() / 5);
            double s1First = Double.parseDouble(s1.get(0).split("\\s+")[4]);
            double s1Last = Double.parseDouble(s1.get(s1.size() - 1).split("\\s+")[4]);
            assertThat(s1Last).as("System 1 training loss").isLessThan(s1First);
            double first = r.epochs().get(0).train();
            double last = r.epochs().get(r.epochs().size() - 1).train();
            assertThat(last).as("System 2's goal loss (positions and task)").isLessThan(first * 0.6);
            assertThat(r.epochs().get(r.epochs().size() - 1).valObjectCm()).isFinite();
            // System 2's output is exactly the goal estimate, which System 1 reads
            float[] g = p.system2(new float[3 * 48 * 48], "pick up the red cube");
            assertThat(g).hasSize(PolicySpec.GOAL_DIM);
            assertThat(p.system1(g, new float[10])).hasSize(4 * PolicySpec.ACTION_DIM);
        }
    }

    @Test
    void resetGradientsClearsANaNGradient() {
        try (VlaPolicy p = VlaPolicy.create(TestPolicies.tinySpec(), 1);
             ai.djl.ndarray.NDManager m = p.manager().newSubManager()) {
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(p.manager(), false);
            ai.djl.ndarray.NDList in = new ai.djl.ndarray.NDList(m.zeros(new ai.djl.ndarray.types.Shape(2, 3, 48, 48)),
                m.zeros(new ai.djl.ndarray.types.Shape(2, p.spec().vocab().size())), m.zeros(new ai.djl.ndarray.types.Shape(2, 10)));
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(p.net().forward(ps, in, true).get(0).sum().mul(Float.NaN));
            }
            var params = p.net().getParameters();
            assertThat(params.get(params.size() - 1).getValue().getArray().getGradient().isNaN().any().getBoolean()).isTrue();
            BcTrainer.resetGradients(p.net());
            for (var e : params) {
                assertThat(e.getValue().getArray().getGradient().abs().sum().getFloat()).as(e.getKey()).isZero();
            }
        }
    }

    @Test
    void theExpertsWaitBeforeAGripperSwitchIsRelabelled() {
        int n = 7, sd = org.stackarena.policies.data.Geometry.FEATURE_NAMES.size();
        float[] f = new float[n * sd], action = new float[n * 7];
        float[] z = {0.10f, 0.05f, 0.031f, 0.0301f, 0.0300f, 0.0300f, 0.06f};
        float[] cmd = {0, 0, 0, 0, 1, 1, 1};
        for (int k = 0; k < n; k++) {
            f[k * sd + 2] = z[k];
            action[k * 7 + 6] = cmd[k];
        }
        DemoDataset.Episode e = new DemoDataset.Episode(0, "pick-lift", "pick-lift", "pick up the red cube", n,
            new float[n * 8], action, new byte[0], f, null);
        // frames 2 and 3 sit within 3 mm of where the expert closed (frame 4): close there; frame 1 is 2 cm away
        assertThat(BcTrainer.gripperTargets(e)).containsExactly(0, 0, 1, 1, 1, 1, 1);
    }

    @Test
    void theExpertsWaitAboveThePadIsRelabelledToTheMotionThatEndsIt() {
        int n = 7, sd = org.stackarena.policies.data.Geometry.FEATURE_NAMES.size(), w = sd - 1;
        float[] f = new float[n * sd];
        // moving in, three frames settled above the pad (within 3 mm), then lowering
        float[] z = {0.20f, 0.18f, 0.170f, 0.1705f, 0.1702f, 0.14f, 0.11f};
        float[] width = {0.04f, 0.04f, 0.04f, 0.04f, 0.04f, 0.04f, 0.04f};
        for (int k = 0; k < n; k++) {
            f[k * sd + 2] = z[k];
            f[k * sd + w] = width[k];
        }
        DemoDataset.Episode e = new DemoDataset.Episode(0, "pick-place", "pick-place", "put the red cube on the blue pad", n,
            new float[n * 8], new float[n * 7], new byte[0], f, null);
        assertThat(BcTrainer.waitEnds(e)).containsExactly(0, 1, 4, 4, 4, 5, 6);
        float[] t = new float[PolicySpec.NORM_DIM];
        BcTrainer.target(e, 2, BcTrainer.waitEnds(e)[2], 0, t);
        // frame 2's first waypoint is where the lowering got to one frame after the wait, relative to frame 2
        assertThat(t[2]).isCloseTo(0.14f - 0.170f, org.assertj.core.data.Offset.offset(1e-6f));
        BcTrainer.target(e, 0, BcTrainer.waitEnds(e)[0], 0, t);
        assertThat(t[2]).isCloseTo(0.18f - 0.20f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void fingersClosingAreNotAWait() {
        int n = 4, sd = org.stackarena.policies.data.Geometry.FEATURE_NAMES.size(), w = sd - 1;
        float[] f = new float[n * sd];
        float[] width = {0.08f, 0.06f, 0.045f, 0.0445f};
        for (int k = 0; k < n; k++) {
            f[k * sd + 2] = 0.03f;
            f[k * sd + w] = width[k];
        }
        DemoDataset.Episode e = new DemoDataset.Episode(0, "pick-lift", "pick-lift", "pick up the red cube", n,
            new float[n * 8], new float[n * 7], new byte[0], f, null);
        assertThat(BcTrainer.waitEnds(e)).containsExactly(0, 1, 3, 3);
    }

    @Test
    void halfOfSystem1sTrainingGoalsAreUpToASecondOld() {
        int n = 40, sd = org.stackarena.policies.data.Geometry.FEATURE_NAMES.size(), pd = PolicySpec.POSITION_DIM;
        float[] env = new float[n * pd];
        for (int k = 0; k < n; k++) {
            env[k * pd] = k;   // object_x = the frame's index (m): which frame a goal came from survives the 5 mm noise
        }
        DemoDataset.Episode e = new DemoDataset.Episode(0, "pick-lift", "pick-lift", "pick up the red cube", n,
            new float[n * 8], new float[n * 7], new byte[0], new float[n * sd], env);
        BcTrainer.Batch b = new BcTrainer.Batch(TestPolicies.tinyTwoStageOptions(1), TestPolicies.tinySpec(), null, null);
        List<int[]> slice = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            slice.add(new int[] {0, 25});
        }
        Djl.init();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            float[] g = b.system1Inputs(m, List.of(e), slice, new java.util.Random(1), true).get(0).toFloatArray();
            int[] age = new int[BcTrainer.STALE_GOAL_FRAMES + 1];
            for (int i = 0; i < slice.size(); i++) {
                age[25 - Math.round(g[i * PolicySpec.GOAL_DIM])]++;   // out of bounds if from the future or too old
            }
            assertThat(age[0]).as("fresh goals").isBetween(850, 1150);
            for (int a = 1; a <= BcTrainer.STALE_GOAL_FRAMES; a++) {
                assertThat(age[a]).as("goals %d frames old", a).isBetween(50, 150);
            }
            float[] plain = b.system1Inputs(m, List.of(e), slice.subList(0, 3), null, false).get(0).toFloatArray();
            assertThat(plain[0]).as("without augmentation the frame's own goal").isEqualTo(25f);
        }
    }
}
