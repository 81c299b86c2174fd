package org.stackarena.policies.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoWriterTest {

    @TempDir
    Path tmp;

    private static DemoEpisode episode(long seed, int frames) {
        List<DemoEpisode.Frame> fs = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            byte[] img = new byte[4 * 4 * 3];
            img[0] = (byte) k;
            fs.add(new DemoEpisode.Frame(k * 0.1, new float[] {k, 0, 0, 1, 0, 0, 0, 0.08f}, new float[] {1, 2},
                new float[] {0.01f, 0, 0, 0, 0, 0, k % 2}, Map.of("front", img)));
        }
        return new DemoEpisode("reach", "arm7", seed, "lab", "reach for the red cube", true, null, 10, fs);
    }

    @Test
    void npyRoundTrips() throws Exception {
        Path f = tmp.resolve("a.npy");
        Npy.writeFloats(f, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Npy.Array a = Npy.read(f);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.floats()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Files.size(f) % 16).as("header padded").isEqualTo((6 * 4) % 16);
        Npy.writeBytes(f, new byte[] {1, 2, 3}, 3);
        assertThat(Npy.read(f).bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void resumesWithoutDuplicatesOrHalfEpisodes() throws Exception {
        Path root = tmp.resolve("ds");
        DemoWriter w = new DemoWriter(root, 10, List.of("front"), 4, 4);
        assertThat(w.append(episode(100000, 5), "reach", true)).isEqualTo(0);
        assertThat(w.append(episode(100001, 3), "reach", false)).isEqualTo(-1);
        // a killed collect: a half-written episode folder and a torn line
        Files.createDirectories(DemoWriter.episodeDir(root, 1));
        Files.writeString(root.resolve("meta/episodes.jsonl"), "{\"episode_ind", java.nio.file.StandardOpenOption.APPEND);
        DemoWriter again = new DemoWriter(root, 10, List.of("front"), 4, 4);
        assertThat(Files.exists(DemoWriter.episodeDir(root, 1))).isFalse();
        assertThat(again.attempted("reach", "arm7", "lab", 100000)).isTrue();
        assertThat(again.attempted("reach", "arm7", "lab", 100001)).isTrue();
        assertThat(again.attempted("reach", "arm7", "lab", 100002)).isFalse();
        assertThat(again.episodes()).isEqualTo(1);
        assertThat(again.append(episode(100002, 4), "reach", true)).isEqualTo(1);
        DemoDataset ds = DemoDataset.load(root, "front", Set.of());
        assertThat(ds.episodes()).hasSize(2);
        assertThat(ds.frames()).isEqualTo(9);
        assertThat(ds.episodes().get(1).images()[3 * 16 * 3]).isEqualTo((byte) 3);
        assertThat(Files.readString(root.resolve("meta/info.json"))).contains("\"total_episodes\" : 2", "\"fps\" : 10.0");
        assertThat(Files.readAllLines(root.resolve("meta/tasks.jsonl"))).hasSize(1);
    }

    @Test
    void labelsAreDisplacementsInTheWorldsConvention() {
        double[] from = Geometry.rotation(new double[] {0, 0, 1, 0});
        double yaw = 0.3;
        double[] rz = {Math.cos(yaw), -Math.sin(yaw), 0, Math.sin(yaw), Math.cos(yaw), 0, 0, 0, 1};
        double[] to = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    to[3 * i + j] += rz[3 * i + k] * from[3 * k + j];
                }
            }
        }
        double[] rpy = Geometry.deltaRpy(from, to);
        assertThat(rpy[0]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rpy[1]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rpy[2]).isCloseTo(yaw, org.assertj.core.data.Offset.offset(1e-9));
        double[] back = Geometry.fromColumns(to[0], to[3], to[6], to[1], to[4], to[7]);
        for (int i = 0; i < 9; i++) {
            assertThat(back[i]).isCloseTo(to[i], org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
