package org.stackarena.policies.data.lerobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.data.DemoEpisode;

/**
 * A collect killed with SIGKILL (a child JVM writing episodes, with file limits small enough that
 * groups are finalised while it runs) resumes with neither lost nor duplicated episodes; stray
 * staging folders left by a crash are dropped.
 */
class LeRobotKillNineTest {

    static final int SEEDS = 16;

    @TempDir
    Path dir;

    @BeforeAll
    static void ffmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed (./stackarena installs Debian's ffmpeg)");
    }

    /** Child process: writes episodes of seeds 0, 1, ... (skipping attempted ones) until killed. */
    public static void main(String[] args) throws Exception {
        try (LeRobotWriter w = SyntheticDemos.writer(Path.of(args[0])).optFileSizesMb(0.004, 0.004).build()) {
            for (long seed = 0; ; seed++) {
                DemoEpisode ep = SyntheticDemos.episode(seed);
                if (!w.attempted(ep.scenario(), ep.robot(), ep.condition(), seed)) {
                    w.append(ep, "pick-lift", seed % 5 != 3);
                }
            }
        }
    }

    private static void finish(Path root) throws Exception {
        try (LeRobotWriter w = SyntheticDemos.writer(root).optFileSizesMb(0.004, 0.004).build()) {
            for (long seed = 0; seed < SEEDS; seed++) {
                DemoEpisode ep = SyntheticDemos.episode(seed);
                if (!w.attempted(ep.scenario(), ep.robot(), ep.condition(), seed)) {
                    w.append(ep, "pick-lift", seed % 5 != 3);
                }
            }
        }
    }

    private static void assertComplete(Path root) throws Exception {
        List<DemoEpisode> eps = LeRobotReader.readEpisodes(root);
        // every kept seed below SEEDS once, in order (seeds 3, 8, 13 are attempted but not kept)
        List<Long> want = java.util.stream.LongStream.range(0, SEEDS).filter(s -> s % 5 != 3).boxed().toList();
        assertThat(eps.stream().map(DemoEpisode::seed).toList().subList(0, want.size())).isEqualTo(want);
        for (DemoEpisode e : eps) {
            DemoEpisode src = SyntheticDemos.episode(e.seed());
            assertThat(e.frames()).hasSameSizeAs(src.frames());
            int last = src.frames().size() - 1;
            assertThat(e.frames().get(last).images().get("wrist")).isEqualTo(src.frames().get(last).images().get("wrist"));
            assertThat(e.frames().get(last).action()).containsExactly(src.frames().get(last).action());
        }
        assertThat(eps.stream().map(DemoEpisode::seed).distinct().count()).isEqualTo(eps.size());
        assertThat(DatasetValidator.validate(root)).isEmpty();
    }

    @Test
    void aCollectKilledMidWriteResumesWithNothingLostOrDuplicated() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), LeRobotKillNineTest.class.getName(), dir.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path journal = dir.resolve(LeRobotLayout.JOURNAL);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (!Files.exists(journal)
            || LeRobotWriter.readJournal(journal).stream().filter(l -> l.has("seed")).count() < 7)) {
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long before = LeRobotWriter.readJournal(journal).stream().filter(l -> l.has("seed")).count();
        assertThat(before).isGreaterThanOrEqualTo(7).isLessThan(SEEDS);
        finish(dir);
        assertComplete(dir);
    }

    @Test
    void aSecondWriterOnTheSameDatasetIsRefused() throws Exception {
        try (LeRobotWriter w = SyntheticDemos.writer(dir).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyntheticDemos.writer(dir).build())
                .hasMessageContaining("another collect is writing this dataset");
        }
    }

    @Test
    void strayStagingFoldersFromACrashAreDroppedAndTheirEpisodesRunAgain() throws Exception {
        LeRobotWriter crashed = SyntheticDemos.writer(dir).build();
        SyntheticDemos.write(crashed, 0, 3);
        crashed.crashForTesting(); // never finalised: the group stays staged, as after a kill
        Path staging = dir.resolve(LeRobotLayout.STAGING);
        Files.createDirectories(staging.resolve(".tmp-episode_000003"));
        Files.createDirectories(staging.resolve("episode_000004")); // renamed but never journalled
        assertThat(DatasetValidator.validate(dir)).anyMatch(p -> p.contains(".staging") && p.contains("interrupted"));
        try (LeRobotWriter w = SyntheticDemos.writer(dir).build()) {
            assertThat(w.episodes()).isEqualTo(3);
            assertThat(Files.exists(staging.resolve(".tmp-episode_000003"))).isFalse();
            assertThat(Files.exists(staging.resolve("episode_000004"))).isFalse();
            assertThat(Files.isDirectory(staging.resolve("episode_000002"))).isTrue();
            SyntheticDemos.write(w, 3, 2);
        }
        List<DemoEpisode> eps = LeRobotReader.readEpisodes(dir);
        assertThat(eps.stream().map(DemoEpisode::seed).toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(DatasetValidator.validate(dir)).isEmpty();
    }
}
