package org.stackarena.policies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.stackarena.policies.data.DemoEpisode;
import org.stackarena.policies.data.DemoWriter;

/** Tiny specs and synthetic datasets for fast tests. */
final class TestPolicies {

    static final List<String> TEMPLATES = List.of("pick up the {color} {shape}", "put the {color} {shape} on the {target} pad");

    private TestPolicies() {}

    // Tiny sizes, but inputs of 48x48 (last feature maps 8x8): on 24x24 and 32x32 inputs (2x2, 4x4 maps) this libtorch's CPU
    // convolution backward gave NaN input gradients at conv3 for some weights (measured; 48x48 and the shipped
    // 96x64 are fine).
    static PolicySpec tinySpec() {
        return tinySpec(true);
    }

    /** @param anchoredWaypoints whether System 1 mixes anchors ({@code model.system1_anchors}) */
    static PolicySpec tinySpec(boolean anchoredWaypoints) {
        InstructionEncoder enc = InstructionEncoder.fromTemplates(TEMPLATES);
        float[] zeros8 = new float[10], ones8 = new float[10], zeros6 = new float[4 * 9], std6 = new float[4 * 9];
        java.util.Arrays.fill(ones8, 1f);
        java.util.Arrays.fill(std6, 0.01f);
        return PolicySpec.of(
            new PolicySpec.Inputs(List.of("front"), 48, 48, new double[] {0, 1, 0, 1},
                org.stackarena.policies.data.Geometry.FEATURE_NAMES, zeros8, ones8, enc.vocab()),
            new PolicySpec.Outputs("ee_delta", 0.05, 0.3, 4, 0.1, zeros6, std6, PolicySpec.GOAL_NAMES,
                new float[PolicySpec.GOAL_DIM], ones(PolicySpec.GOAL_DIM)),
            new PolicySpec.Model(8, new int[] {8, 8, 8}, 8, 32, 2, anchoredWaypoints), new PolicySpec.Loops(100, 5));
    }

    /** Options of the two-stage mode (System 2 outputs only its goal estimate). */
    static BcTrainer.Options tinyTwoStageOptions(int epochs) {
        return tinyOptions(epochs).toBuilder().latentDim(0).attentionHeads(2).build();
    }

    private static float[] ones(int n) {
        float[] o = new float[n];
        java.util.Arrays.fill(o, 1f);
        return o;
    }

    static BcTrainer.Options tinyOptions(int epochs) {
        return BcTrainer.Options.builder().epochs(epochs).batch(16).lr(3e-3).seed(3).chunk(4).inputSize(48, 48)
            .crop(0, 1, 0, 1).latentDim(8).hidden(32).textDim(8).channels(8, 8, 8).attentionHeads(0).valFraction(0.2)
            .maxMinutes(5).build();
    }

    /** Episodes where the arm moves toward a colour-coded goal; labels are consistent deltas. */
    static void writeSynthetic(Path root, int episodes, int frames) throws IOException {
        DemoWriter w = new DemoWriter(root, 10, List.of("front"), 24, 24);
        Random r = new Random(11);
        for (int e = 0; e < episodes; e++) {
            double gx = 0.3 + 0.3 * r.nextDouble();
            double[] p = {0.4, 0.0, 0.3};
            List<DemoEpisode.Frame> fs = new ArrayList<>();
            for (int k = 0; k < frames; k++) {
                byte[] img = new byte[24 * 24 * 3];
                int col = (int) ((gx - 0.3) / 0.3 * 23);
                for (int y = 0; y < 24; y++) {
                    img[(y * 24 + col) * 3] = (byte) 255;
                }
                float[] a = new float[7];
                a[0] = (float) (0.2 * (gx - p[0]));
                a[6] = k > frames / 2 ? 1 : 0;
                float[] s = {(float) p[0], (float) p[1], (float) p[2], 1, 0, 0, 0, 0.04f};
                Map<String, byte[]> imgs = new LinkedHashMap<>();
                imgs.put("front", img);
                float[] env = {(float) gx, 0, 0.02f, (float) gx, 0, 0.02f};
                fs.add(new DemoEpisode.Frame(k * 0.1, s, new float[] {0, 0, 0}, a, imgs, env));
                p[0] += a[0];
            }
            w.append(new DemoEpisode("synthetic", "fake-arm", 100000 + e, "lab",
                "pick up the red cube", true, null, 10, fs), "pick-lift", true);
        }
    }
}
