package org.stackarena.benchmarks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.benchmarks.compare.RunFixtures;

class FailureLinesTest {

    private static EpisodeRecord failed(String stack, long seed, String reason) {
        EpisodeRecord r = RunFixtures.record(stack, "reach", "lab", seed, false, 10, "");
        return new EpisodeRecord(r.scenario(), r.seed(), r.stack(), r.condition(), r.variant(), r.robot(), false, null,
            reason, r.simTimeS(), r.wallTimeS(), r.wallRealTimeFactor(), r.wallRealtimeOverruns(), r.collisions(),
            r.eePathLengthM(), r.jerk(), r.loops());
    }

    @Test
    void eachDistinctFailureOfAStackIsShownOnceWithItsFirstEpisode() {
        BenchRunner.FailureLines lines = new BenchRunner.FailureLines();
        assertThat(lines.firstOf(RunFixtures.record("remote", "reach", "lab", 1, true, 10, ""))).isNull();
        assertThat(lines.firstOf(failed("remote", 2, "remote_timeout: no reply from ws://h:8000 within 5000 ms")))
            .isEqualTo("[bench] remote failed reach/arm7/lab seed 2: remote_timeout: no reply from ws://h:8000 within "
                + "5000 ms (first episode with this failure)");
        assertThat(lines.firstOf(failed("remote", 3, "remote_timeout: no reply from ws://h:8000 within 5000 ms")))
            .isNull();
        // only the numbers differ: the same failure
        assertThat(lines.firstOf(failed("remote", 4, "invalid_action: value 0.07 outside [-0.05, 0.05]"))).isNotNull();
        assertThat(lines.firstOf(failed("remote", 5, "invalid_action: value 0.09 outside [-0.05, 0.05]"))).isNull();
        // another stack's same failure is its own line
        assertThat(lines.firstOf(failed("remote2", 2, "remote_timeout: no reply from ws://h:8000 within 5000 ms")))
            .isNotNull();
    }

    @Test
    void afterTwentyDistinctFailuresOneLinePointsAtTheReport() {
        BenchRunner.FailureLines lines = new BenchRunner.FailureLines();
        List<String> printed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String l = lines.firstOf(failed("s" + i, i, "timeout"));
            if (l != null) {
                printed.add(l);
            }
        }
        assertThat(printed).hasSize(BenchRunner.FailureLines.MAX + 1);
        assertThat(printed.get(BenchRunner.FailureLines.MAX)).startsWith("[bench] more than 20 distinct failures");
    }
}
