package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.data.DemoDataset;
import org.stackarena.policies.data.DemoEpisode;
import org.stackarena.policies.data.DemoSink;
import org.stackarena.policies.data.DemoWriter;
import org.stackarena.policies.data.lerobot.Ffmpeg;
import org.stackarena.policies.data.lerobot.LeRobotReader;
import org.stackarena.policies.data.lerobot.LeRobotWriter;

/** {@code collect --format lerobot}, {@code dataset info|validate|convert} and {@code train} on v3.0 datasets. */
class DatasetCommandTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void ffmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed (./stackarena installs Debian's ffmpeg)");
    }

    static DemoEpisode episode(long seed, boolean env) {
        Random r = new Random(seed);
        List<DemoEpisode.Frame> fs = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            float[] s = new float[8], a = new float[7];
            for (int i = 0; i < 8; i++) {
                s[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < 7; i++) {
                a[i] = (float) r.nextGaussian();
            }
            Map<String, byte[]> imgs = new LinkedHashMap<>();
            for (String c : List.of("front", "wrist")) {
                byte[] img = new byte[16 * 16 * 3];
                r.nextBytes(img);
                imgs.put(c, img);
            }
            fs.add(new DemoEpisode.Frame(k / 10.0, s, new float[] {1, 2, 3}, a, imgs,
                env ? new float[] {1, 2, 3, 4, 5, 6} : null));
        }
        return new DemoEpisode("reach", "arm7", seed, "lab", "reach the red cube", true, null, 10, fs);
    }

    static void write(DemoSink w, int n, boolean env) throws Exception {
        try (w) {
            for (int i = 0; i < n; i++) {
                w.append(episode(100000 + i, env), "reach", true);
            }
        }
    }

    @Test
    void validateAndInfoOnAGoodDatasetThenOneLineExit2OnABrokenOne() throws Exception {
        Path ds = tmp.resolve("ds");
        write(LeRobotWriter.builder().setRoot(ds).setFps(10).setCameras(List.of("front", "wrist")).setImageSize(16, 16)
            .build(), 2, true);
        CliRun.Outcome ok = CliRun.run("dataset", "validate", ds.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        CliRun.Outcome info = CliRun.run("dataset", "info", ds.toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("v3.0 (LeRobot; Parquet + MP4)").contains("episodes  2   frames 12   tasks 1")
            .contains("observation.images.front         video    [16,16,3]  h264 gbrp").contains("reach");
        ObjectMapper json = new ObjectMapper();
        ObjectNode n = (ObjectNode) json.readTree(ds.resolve("meta/info.json").toFile());
        n.remove("fps");
        json.writeValue(ds.resolve("meta/info.json").toFile(), n);
        String line = CliInputErrorsTest.oneLineError(CliRun.run("dataset", "validate", ds.toString()));
        assertThat(line).isEqualTo("error: " + ds.resolve("meta/info.json") + ": fps: missing");
    }

    @Test
    void trainNamesTheMissingFeatureOnOneLine() throws Exception {
        Path ds = tmp.resolve("noenv");
        write(LeRobotWriter.builder().setRoot(ds).setFps(10).setCameras(List.of("front", "wrist")).setImageSize(16, 16)
            .build(), 2, false);
        String line = CliInputErrorsTest.oneLineError(CliRun.run("train", "--data", ds.toString(), "--out",
            tmp.resolve("ckpt").toString()));
        assertThat(line).isEqualTo("error: " + ds.resolve("meta/info.json") + ": features.observation.environment_state "
            + "missing: two-stage training (--latent-dim 0) learns System 1 from recorded goals needs it");
        assertThat(tmp.resolve("ckpt")).doesNotExist();
    }

    @Test
    void convertTurnsTheNpyLayoutIntoAnEqualV3Dataset() throws Exception {
        Path npy = tmp.resolve("npy"), v3 = tmp.resolve("v3");
        write(new DemoWriter(npy, 10, List.of("front", "wrist"), 16, 16), 3, true);
        CliRun.Outcome o = CliRun.run("dataset", "convert", npy.toString(), "--out", v3.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("convert: 3 episodes").contains("valid");
        List<DemoEpisode> back = LeRobotReader.readEpisodes(v3);
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            DemoEpisode want = episode(100000 + i, true);
            for (int k = 0; k < 6; k++) {
                DemoEpisode.Frame a = want.frames().get(k), b = back.get(i).frames().get(k);
                assertThat(b.state()).containsExactly(a.state());
                assertThat(b.action()).containsExactly(a.action());
                assertThat(b.env()).containsExactly(a.env());
                assertThat(b.images().get("front")).isEqualTo(a.images().get("front"));
                assertThat(b.images().get("wrist")).isEqualTo(a.images().get("wrist"));
            }
        }
        // the trainer's view of both layouts is the same
        DemoDataset x = DemoDataset.load(npy, "front", Set.of(), true), y = DemoDataset.load(v3, "front", Set.of(), true);
        assertThat(y.frames()).isEqualTo(x.frames());
        for (int i = 0; i < 3; i++) {
            assertThat(y.episodes().get(i).images()).isEqualTo(x.episodes().get(i).images());
            assertThat(y.episodes().get(i).features()).containsExactly(x.episodes().get(i).features());
            assertThat(y.episodes().get(i).family()).isEqualTo(x.episodes().get(i).family());
        }
    }

    @Test
    void collectWritesAValidV3DatasetThatTrainingReads() throws Exception {
        Path ds = tmp.resolve("collected");
        CliRun.Outcome o = CliRun.run("collect", "--out", ds.toString(), "--episodes", "1", "--scenario", "reach",
            "--image-size", "32");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(CliRun.run("dataset", "validate", ds.toString()).code()).isZero();
        DemoDataset d = DemoDataset.load(ds, "front", Set.of(), true);
        assertThat(d.episodes()).hasSize(1);
        assertThat(d.width()).isEqualTo(32);
        assertThat(d.episodes().get(0).env()).isNotNull();
        assertThat(Files.exists(ds.resolve("videos/observation.images.wrist/chunk-000/file-000.mp4"))).isTrue();
        // a second run resumes: nothing to do
        CliRun.Outcome again = CliRun.run("collect", "--out", ds.toString(), "--episodes", "1", "--scenario", "reach",
            "--image-size", "32");
        assertThat(again.out()).contains("0 episodes to run (1 already done)");
    }
}
