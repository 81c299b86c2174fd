package org.stackarena.policies.data.lerobot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.stackarena.policies.data.DemoEpisode;

/** Seeded synthetic episodes with renderer-like images (flat colours, sharp edges, a little noise). */
final class SyntheticDemos {

    static final int W = 32, H = 24;
    static final List<String> CAMERAS = List.of("front", "wrist");

    private SyntheticDemos() {}

    /** Episode {@code i} of a seeded set: 8-15 frames, two cameras, 3 joints, environment state. */
    static DemoEpisode episode(long seed) {
        Random r = new Random(seed);
        int n = 8 + r.nextInt(8);
        List<DemoEpisode.Frame> frames = new ArrayList<>();
        int bx = r.nextInt(W - 8), by = r.nextInt(H - 8);
        for (int k = 0; k < n; k++) {
            float[] s = new float[8], a = new float[7], j = new float[3], env = new float[6];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian() * 1e-3);
            }
            for (int i = 0; i < j.length; i++) {
                j[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < env.length; i++) {
                env[i] = (float) r.nextDouble();
            }
            Map<String, byte[]> imgs = new LinkedHashMap<>();
            for (String c : CAMERAS) {
                byte[] img = new byte[W * H * 3];
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int p = (y * W + x) * 3;
                        boolean box = x >= bx + k % 3 && x < bx + 8 + k % 3 && y >= by && y < by + 8;
                        int base = c.equals("front") ? 90 : 140;
                        img[p] = (byte) (box ? 220 : base + r.nextInt(3));
                        img[p + 1] = (byte) (box ? 30 : base + y);
                        img[p + 2] = (byte) (box ? 40 : base + x);
                    }
                }
                imgs.put(c, img);
            }
            frames.add(new DemoEpisode.Frame(k / 10.0, s, j, a, imgs, env));
        }
        return new DemoEpisode("pick-lift", "arm7", seed, "lab", seed % 2 == 0 ? "pick up the red cube"
            : "pick up the blue cube", true, null, 10, frames);
    }

    /** A writer for these episodes at 10 fps. */
    static LeRobotWriter.Builder writer(Path root) {
        return LeRobotWriter.builder().setRoot(root).setFps(10).setCameras(CAMERAS).setImageSize(W, H);
    }

    /** Writes episodes of seeds {@code first..first+count-1}. */
    static void write(LeRobotWriter w, long first, int count) throws IOException {
        for (long s = first; s < first + count; s++) {
            w.append(episode(s), "pick-lift", true);
        }
    }
}
