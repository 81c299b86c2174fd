package org.stackarena.policies.data.lerobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.data.DemoEpisode;

/** Write -> read -> compare, feature by feature, across several data and video files. */
class LeRobotRoundTripTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void ffmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed (./stackarena installs Debian's ffmpeg)");
    }

    @Test
    void tablesAreBitExactAndLosslessVideoIsPixelExactAcrossFileRollovers() throws Exception {
        // tiny size limits: every few episodes start a new data/video file
        try (LeRobotWriter w = SyntheticDemos.writer(dir).optFileSizesMb(0.004, 0.004).build()) {
            SyntheticDemos.write(w, 100, 7);
        }
        assertThat(LeRobotReader.files(dir.resolve("data"))).hasSizeGreaterThan(1);
        List<DemoEpisode> back = LeRobotReader.readEpisodes(dir);
        assertThat(back).hasSize(7);
        for (int i = 0; i < 7; i++) {
            DemoEpisode want = SyntheticDemos.episode(100 + i), got = back.get(i);
            assertThat(got.seed()).isEqualTo(want.seed());
            assertThat(got.scenario()).isEqualTo(want.scenario());
            assertThat(got.instruction()).isEqualTo(want.instruction());
            assertThat(got.condition()).isEqualTo("lab");
            assertThat(got.frames()).hasSameSizeAs(want.frames());
            for (int k = 0; k < want.frames().size(); k++) {
                DemoEpisode.Frame a = want.frames().get(k), b = got.frames().get(k);
                assertThat(b.state()).containsExactly(a.state());
                assertThat(b.action()).containsExactly(a.action());
                assertThat(b.joints()).containsExactly(a.joints());
                assertThat(b.env()).containsExactly(a.env());
                assertThat((float) b.timestamp()).isEqualTo((float) a.timestamp());
                for (String c : SyntheticDemos.CAMERAS) {
                    assertThat(b.images().get(c)).as("episode %d frame %d camera %s", i, k, c)
                        .isEqualTo(a.images().get(c));
                }
            }
        }
        assertThat(DatasetValidator.validate(dir)).isEmpty();
    }

    @Test
    void aBadEpisodeStagedInTheBackgroundFailsTheCollectWithItsReason() throws Exception {
        LeRobotWriter w = SyntheticDemos.writer(dir).build();
        DemoEpisode ok = SyntheticDemos.episode(1);
        java.util.List<DemoEpisode.Frame> frames = new java.util.ArrayList<>(ok.frames());
        DemoEpisode.Frame f = frames.get(2);
        java.util.Map<String, byte[]> imgs = new java.util.LinkedHashMap<>(f.images());
        imgs.put("front", new byte[10]);
        frames.set(2, new DemoEpisode.Frame(f.timestamp(), f.state(), f.joints(), f.action(), imgs, f.env()));
        w.append(new DemoEpisode(ok.scenario(), ok.robot(), 1, "lab", ok.instruction(), true, null, 10, frames),
            "pick-lift", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(w::close).isInstanceOf(java.io.IOException.class)
            .hasMessageContaining("camera front frame 2 is not 24x32 RGB");
    }

    @Test
    void yuv444VideoDiffersByRoundingOnlyAndTablesStayExact() throws Exception {
        try (LeRobotWriter w = SyntheticDemos.writer(dir).optCodec(VideoCodec.H264_YUV444).build()) {
            SyntheticDemos.write(w, 200, 3);
        }
        List<DemoEpisode> back = LeRobotReader.readEpisodes(dir);
        int max = 0;
        for (int i = 0; i < 3; i++) {
            DemoEpisode want = SyntheticDemos.episode(200 + i);
            for (int k = 0; k < want.frames().size(); k++) {
                assertThat(back.get(i).frames().get(k).state()).containsExactly(want.frames().get(k).state());
                byte[] a = want.frames().get(k).images().get("front"), b = back.get(i).frames().get(k).images().get("front");
                for (int p = 0; p < a.length; p++) {
                    max = Math.max(max, Math.abs((a[p] & 0xff) - (b[p] & 0xff)));
                }
            }
        }
        // lossless in YUV: only RGB -> YUV -> RGB rounding remains
        assertThat(max).isBetween(0, 3);
        assertThat(DatasetValidator.validate(dir)).isEmpty();
    }
}
