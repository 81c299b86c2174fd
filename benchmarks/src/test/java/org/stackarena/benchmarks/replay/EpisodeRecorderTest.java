package org.stackarena.benchmarks.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.ControlStack;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.LoopRecord;
import org.stackarena.api.harness.ResultsStore;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.BenchRunner;
import org.stackarena.benchmarks.cli.CliRun;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.Simulation;

/** {@code bench --record}: what a recording holds, that it reproduces the episode, and that it changes nothing. */
class EpisodeRecorderTest {

    private static final String[] RUN = {"--suite", "smoke", "--stack", "expert,classical", "--scenario", "pick-place",
        "--condition", "lab", "--workers", "1", "--profile", "ideal"};

    private static CliRun.Outcome bench(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(List.of(RUN));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aRecordingHoldsTheEpisodeAndReplayingItsSeedEndsWithTheRecordedObjectPose(@TempDir Path dir)
        throws Exception {
        Path recorded = dir.resolve("recorded");
        Path plain = dir.resolve("plain");
        CliRun.Outcome o = bench(recorded, "--record", "1");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(bench(plain).code()).isZero();

        List<EpisodeRecord> records;
        List<EpisodeRecord> without;
        try (ResultsStore a = ResultsStore.open(recorded); ResultsStore b = ResultsStore.open(plain)) {
            records = a.records();
            without = b.records();
        }
        assertThat(records).hasSize(2);
        // recording changes nothing: lockstep records are identical with and without --record
        for (EpisodeRecord r : records) {
            EpisodeRecord p = without.stream().filter(x -> x.key().equals(r.key())).findFirst().orElseThrow();
            assertThat(Json.withoutWallClock(r)).isEqualTo(Json.withoutWallClock(p));
        }
        assertThat(Recording.list(plain)).isEmpty();
        assertThat(Recording.list(recorded)).hasSize(2);

        BenchPlan plan = BenchPlan.resolve(new BenchPlan.Options("smoke", List.of("expert", "classical"),
            List.of("lab"), null, List.of("pick-place"), null, null, null, "ideal", List.of(), List.of(), null, null,
            null));
        for (EpisodeRecord r : records) {
            Path file = Recording.file(recorded, r.key());
            JsonNode doc = Recording.read(file);
            assertThat(doc.get("format").asText()).isEqualTo(Recording.FORMAT);
            JsonNode ep = doc.get("episode");
            assertThat(ep.get("stack").asText()).isEqualTo(r.stack());
            assertThat(ep.get("seed").asLong()).isEqualTo(r.seed());
            assertThat(ep.get("success").asBoolean()).isEqualTo(r.success());
            assertThat(ep.get("sim_time_s").asDouble()).isEqualTo(r.simTimeS());

            // every tick and miss of every loop, as the record counts them
            JsonNode loops = doc.get("loops");
            assertThat(loops).hasSize(r.loops().size());
            int i = 0;
            for (Map.Entry<String, LoopRecord> e : r.loops().entrySet()) {
                JsonNode l = loops.get(i++);
                assertThat(l.get("name").asText()).isEqualTo(e.getKey());
                assertThat((long) l.get("start_us").size()).isEqualTo(e.getValue().ticks());
                assertThat(l.get("latency_us").size()).isEqualTo(l.get("start_us").size());
                long misses = 0;
                for (JsonNode m : l.get("miss_count")) {
                    misses += m.asLong();
                }
                assertThat(misses).isEqualTo(e.getValue().deadlineMisses());
                long[] starts = Recording.undelta(l.get("start_us"));
                assertThat(starts[0]).isZero();
                assertThat(starts[starts.length - 1]).isLessThan(Math.round(r.simTimeS() * 1e6));
            }

            // frames at 25 Hz from 0 to the last step
            long[] t = Recording.undelta(doc.get("frames").get("t_us"));
            assertThat(t[0]).isZero();
            assertThat(t[1]).isEqualTo(1_000_000 / EpisodeRecorder.FRAME_HZ);
            assertThat(t[t.length - 1]).isEqualTo(Math.round(r.simTimeS() * 1e6));

            // a pick-and-place: grasp, release, success, and the planner's phases
            List<String> kinds = new ArrayList<>();
            doc.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
            assertThat(r.success()).isTrue();
            assertThat(kinds).contains("grasp", "release", "phase", "success").doesNotContain("failure");

            // the last frame decodes to the final object pose (to the stored resolution)
            JsonNode fin = doc.get("final_object");
            double[] last = lastPose(doc, fin.get("body").asText());
            for (int c = 0; c < 3; c++) {
                assertThat(last[c]).isCloseTo(fin.get("pos").get(c).asDouble(), within(Recording.POS_UNIT));
            }
            for (int c = 0; c < 4; c++) {
                assertThat(last[3 + c]).isCloseTo(fin.get("quat").get(c).asDouble(), within(Recording.QUAT_UNIT));
            }

            // replaying the episode from its seed ends with exactly the recorded object pose
            EpisodeSpec spec = plan.specs().stream().filter(s -> s.key().equals(r.key())).findFirst().orElseThrow();
            try (ScenarioWorld world = (ScenarioWorld) BenchRunner.worlds(plan).create(spec.scenario(), spec.robot(),
                spec.condition()); ControlStack stack = BenchRunner.stacks(plan).create(spec.stack(), world)) {
                EpisodeRecord again = new EpisodeRunner().run(spec, world, stack);
                assertThat(Json.withoutWallClock(again)).isEqualTo(Json.withoutWallClock(r));
                Simulation sim = world.simulation();
                int body = sim.id(Simulation.ObjType.BODY, fin.get("body").asText());
                double[] pos = new double[3];
                double[] quat = new double[4];
                sim.readBodyPos(body, pos);
                sim.readBodyQuat(body, quat);
                for (int c = 0; c < 3; c++) {
                    assertThat(pos[c]).isEqualTo(fin.get("pos").get(c).asDouble());
                }
                for (int c = 0; c < 4; c++) {
                    assertThat(quat[c]).isEqualTo(fin.get("quat").get(c).asDouble());
                }
            }
            assertThat(Files.size(file)).as("compact: gzip'd, delta-encoded").isLessThan(60_000);
        }
        // the reports list and embed them
        assertThat(Files.readString(recorded.resolve("report.md"))).contains("recordings/expert/pick-place_arm7_lab_");
        assertThat(Files.readString(recorded.resolve("report.html"))).contains("id=\"recordings\"")
            .contains("id=\"lib-three\"");
        assertThat(Files.readString(plain.resolve("report.html"))).doesNotContain("id=\"recordings\"");
    }

    /** The last frame's pose of {@code body}: x, y, z, qw, qx, qy, qz. */
    private static double[] lastPose(JsonNode doc, String body) {
        int index = -1;
        for (int b = 0; b < doc.get("bodies").size(); b++) {
            if (doc.get("bodies").get(b).get("name").asText().equals(body)) {
                index = b;
            }
        }
        JsonNode fr = doc.get("frames");
        int slot = -1;
        for (int k = 0; k < fr.get("bodies").size(); k++) {
            if (fr.get("bodies").get(k).asInt() == index) {
                slot = k;
            }
        }
        assertThat(slot).as("the object moves").isNotNegative();
        int stride = fr.get("bodies").size() * 7;
        int frames = fr.get("t_us").size();
        double[] out = new double[7];
        for (int c = 0; c < 7; c++) {
            long acc = 0;
            for (int f = 0; f < frames; f++) {
                acc += fr.get("pose").get(f * stride + slot * 7 + c).asLong();
            }
            out[c] = acc * (c < 3 ? Recording.POS_UNIT : Recording.QUAT_UNIT);
        }
        return out;
    }

    @Test
    void recordIsForTheLocalEngineOnlyAndRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        BenchPlan plan = BenchPlan.resolve(new BenchPlan.Options("smoke", List.of("hold-still"), List.of("lab"), null,
            List.of("reach"), null, null, null, null, List.of(), List.of(), null, null, null));
        org.stackarena.benchmarks.bench.EpisodeEngine remote = new org.stackarena.benchmarks.bench.EpisodeEngine() {
            @Override
            public String name() {
                return "elsewhere";
            }

            @Override
            public Outcome run(Job job) {
                throw new AssertionError("must not run");
            }
        };
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        Path out = dir.resolve("run");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BenchRunner(plan, null, remote, null, out, 1, 0,
                List.of("stackarena", "bench"), quiet, quiet, false).record(1).run())
            .isInstanceOf(org.stackarena.benchmarks.cli.UserInputException.class)
            .hasMessageContaining("--record 1").hasMessageContaining("--engine elsewhere");
        assertThat(out).doesNotExist();
    }

    @Test
    void theFirstKEpisodesOfEachCellAreRecorded() {
        BenchPlan plan = BenchPlan.resolve(new BenchPlan.Options("ci", List.of("hold-still", "random"),
            List.of("lab", "field"), null, List.of("reach", "push"), null, null, null, null, List.of(), List.of(), null, null, null));
        var keys = BenchRunner.toRecord(plan, 2);
        assertThat(keys).hasSize(2 * 2 * 2 * 2);
        assertThat(keys).allMatch(k -> k.seed() == 1000 || k.seed() == 1001);
    }
}
