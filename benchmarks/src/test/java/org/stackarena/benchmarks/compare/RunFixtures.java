package org.stackarena.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.LoopRecord;
import org.stackarena.api.harness.PhaseMeans;
import org.stackarena.api.harness.Percentiles;

/** Synthetic run directories (no MuJoCo) for compare and report tests. */
public final class RunFixtures {

    private RunFixtures() {}

    /** One record; latency in ms for its single loop {@code act}. */
    public static EpisodeRecord record(String stack, String scenario, String condition, long seed, boolean success,
                                       double p99Ms, String variant) {
        LoopRecord loop = new LoopRecord(50, 49.5, 250, 1, "fixed:" + p99Ms + "ms",
            new Percentiles(p99Ms * 0.8, p99Ms, p99Ms * 1.1), new Percentiles(1, 2, 3), new PhaseMeans(0.1, 0.5, 0.1));
        return new EpisodeRecord(scenario, seed, stack, condition, variant, "arm7", success, success ? 2.5 : null,
            success ? null : (seed % 2 == 0 ? "timeout" : "dropped_object: off the table"), 5.0, 0.5, 10.0, 0, 1,
            0.8, 3.0, Map.of("act", loop));
    }

    /**
     * Two stacks x two scenarios x two conditions x {@code seeds} seeds; success when
     * {@code seed % 3 != 0}, so about two thirds succeed.
     */
    public static List<EpisodeRecord> grid(int seeds) {
        List<EpisodeRecord> out = new ArrayList<>();
        for (String stack : List.of("alpha", "beta")) {
            for (String sc : List.of("reach", "push")) {
                for (String cond : List.of("lab", "field")) {
                    for (long s = 0; s < seeds; s++) {
                        out.add(record(stack, sc, cond, 1000 + s, s % 3 != 0, 40 + s % 5, ""));
                    }
                }
            }
        }
        return out;
    }

    /** {@code records} with every success matching {@code flip} turned into a timeout. */
    public static List<EpisodeRecord> failWhere(List<EpisodeRecord> records, Predicate<EpisodeRecord> flip) {
        return records.stream().map(r -> r.success() && flip.test(r) ? new EpisodeRecord(r.scenario(), r.seed(),
            r.stack(), r.condition(), r.variant(), r.robot(), false, null, "timeout", r.simTimeS(), r.wallTimeS(),
            r.wallRealTimeFactor(), r.wallRealtimeOverruns(), r.collisions(), r.eePathLengthM(), r.jerk(), r.loops())
            : r).toList();
    }

    /** Writes {@code dir/episodes.jsonl}. */
    public static Path write(Path dir, List<EpisodeRecord> records) throws IOException {
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder();
        records.forEach(r -> sb.append(Json.line(r)).append('\n'));
        Files.writeString(dir.resolve("episodes.jsonl"), sb);
        return dir;
    }
}
