package org.stackarena.benchmarks.bench;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.harness.DeploymentProfile;
import org.stackarena.api.harness.Timing;
import org.stackarena.benchmarks.cli.UserInputException;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.benchmarks.cli.CliRun;
import org.stackarena.benchmarks.report.IntervalMethod;

/** End to end over MuJoCo: two smoke scenarios with hold-still, both conditions (4 episodes). */
class BenchCommandTest {

    static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    /**
     * The privileged expert gets its ground-truth view through the world decorators the harness puts
     * around a scenario world ({@code --video} records through one): it runs and succeeds.
     */
    @Test
    void thePrivilegedExpertSeesGroundTruthThroughTheVideoRecorder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun.Outcome o = run("bench", "--suite", "smoke", "--stack", "expert", "--scenario", "reach",
            "--condition", "lab", "--video", "1", "--workers", "1", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode rec = new ObjectMapper().readTree(Files.readAllLines(out.resolve("episodes.jsonl")).get(0));
        assertThat(rec.get("success").asBoolean()).as(rec.toString()).isTrue();
        assertThat(rec.get("loops").has("truth")).isTrue();
    }

    @Test
    void smokeRunWritesRecordsSummaryReportsAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun.Outcome o = run("bench", "--suite", "smoke", "--stack", "hold-still", "--scenario", "reach,push",
            "--workers", "2", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("episodes.jsonl"))).hasSize(4);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("episodes").asInt()).isEqualTo(4);
        JsonNode hold = summary.get("stacks").get("hold-still");
        assertThat(hold.get("wilson95")).hasSize(2);
        // Clopper-Pearson by default, named in summary.json, the reports and the table
        assertThat(summary.get("interval").asText()).isEqualTo("clopper-pearson");
        double[] cp = IntervalMethod.CLOPPER_PEARSON.interval(hold.get("successes").asInt(), 4);
        assertThat(hold.get("ci95").get(0).asDouble()).isCloseTo(cp[0], within(1e-12));
        assertThat(hold.get("ci95").get(1).asDouble()).isCloseTo(cp[1], within(1e-12));
        assertThat(Files.readString(out.resolve("report.md"))).contains("| Clopper-Pearson 95% |")
            .contains("Intervals: Clopper-Pearson (exact) 95%, two-sided");
        assertThat(o.out()).contains("Clopper-Pearson 95%");
        assertThat(hold.get("loops").get("hold").get("achieved_hz").asDouble()).isGreaterThan(90);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Success per stack, scenario and condition")
            .contains("| hold-still | push | field | 0/1 |").doesNotContain("plots/success.png")
            .contains("| stack | push lab | push field | reach lab | reach field |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,")
            .contains("<td>hold-still</td>");
        JsonNode runJson = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(runJson.get("command").toString()).contains("bench", "--scenario", "reach,push");
        assertThat(runJson.get("seeds").get("hash").asText()).hasSize(12);
        assertThat(runJson.get("machine").get("cores").asInt()).isPositive();
        assertThat(runJson.get("ended").asText()).isNotEmpty();
        assertThat(o.out()).contains("hold-still").contains("reach").contains("report.html");
        assertThat(o.err()).contains("[bench] 4/4 episodes");

        // the same --out resumes: nothing to run again
        CliRun.Outcome again = run("bench", "--suite", "smoke", "--stack", "hold-still", "--scenario", "reach,push",
            "--workers", "1", "--out", out.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("0 episodes run, 4 already done");
        assertThat(Files.readAllLines(out.resolve("episodes.jsonl"))).hasSize(4);

        // other settings in the same directory are refused
        CliRun.Outcome other = run("bench", "--stack", "random", "--scenario", "reach", "--out", out.toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).startsWith("error: " + out + " holds a run with other settings");

        // report re-renders, with Wilson if asked
        Files.delete(out.resolve("report.html"));
        assertThat(run("report", out.toString(), "--interval", "wilson").code()).isZero();
        assertThat(out.resolve("report.html")).exists();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| Wilson 95% |").doesNotContain("Clopper");
        JsonNode wilson = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(wilson.get("interval").asText()).isEqualTo("wilson");
        assertThat(wilson.get("stacks").get("hold-still").get("ci95"))
            .isEqualTo(wilson.get("stacks").get("hold-still").get("wilson95"));
        CliRun.Outcome bad = run("report", out.toString(), "--interval", "wald");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip())
            .isEqualTo("error: --interval wald: unknown interval method; use one of wilson, clopper-pearson");
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) {
        CliRun.Outcome stack = run("bench", "--stack", "nope", "--out", dir.resolve("a").toString());
        assertThat(stack.code()).isEqualTo(2);
        assertThat(stack.err().strip()).startsWith("error: bench: option '--stack': 'nope' is not a stack (known: ")
            .doesNotContain("\n");
        CliRun.Outcome sweep = run("sweep", "--param", "sytem2.rate=1,2", "--stack", "hold-still", "--out",
            dir.resolve("b").toString());
        assertThat(sweep.code()).isEqualTo(2);
        assertThat(sweep.err().strip()).isEqualTo("error: --param sytem2.rate=...: no loop 'sytem2' in any stack of "
            + "the run and no such role (loops: hold-still: hold; roles: perception, planning, control, system2, "
            + "system1, imagination, remote, other; '*' means every loop)");
        assertThat(dir.resolve("b")).doesNotExist();
        CliRun.Outcome rate = run("bench", "--rate", "control=0", "--out", dir.resolve("r").toString());
        assertThat(rate.code()).isEqualTo(2);
        assertThat(rate.err().strip()).isEqualTo("error: --rate control=0: rate must be positive, got 0");
        CliRun.Outcome fast = run("sweep", "--param", "control.rate=250,1000", "--stack", "hold-still", "--out",
            dir.resolve("f").toString());
        assertThat(fast.code()).isEqualTo(2);
        assertThat(fast.err().strip()).isEqualTo("error: --param control.rate=...: loop 'hold' of stack 'hold-still' "
            + "at 1000 Hz is faster than the physics step (2 ms, 500 Hz); a loop ticks at most once per step");
        assertThat(dir.resolve("f")).doesNotExist();
        CliRun.Outcome profile = run("bench", "--profile", "gpu", "--out", dir.resolve("p").toString());
        assertThat(profile.code()).isEqualTo(2);
        assertThat(profile.err().strip()).isEqualTo("error: --profile gpu: no such profile (shipped: this-machine, "
            + "ideal, workstation-gpu, edge-orin; or give a profile file)");
        CliRun.Outcome lat = run("bench", "--latency", "hold=fast", "--out", dir.resolve("c").toString());
        assertThat(lat.code()).isEqualTo(2);
        assertThat(lat.err().strip()).startsWith("error: --latency hold=fast: ").doesNotContain("\n");
        assertThat(run("bench", "--scenario", "fly", "--out", dir.resolve("d").toString()).err())
            .startsWith("error: --scenario fly: no such scenario");
    }

    @Test
    void engineIsChosenByNameAndBadEnginesAreOneLineErrors(@TempDir Path dir) {
        assertThat(EpisodeEngine.named("local")).isInstanceOf(LocalEngine.class);
        CliRun.Outcome unknown = run("bench", "--engine", "flink", "--out", dir.resolve("a").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: --engine flink: unknown engine (have: local)");
        // the spark module is optional and not on this module's classpath
        CliRun.Outcome spark = run("sweep", "--param", "*.latency=0,100ms", "--engine", "spark", "--out",
            dir.resolve("b").toString());
        assertThat(spark.code()).isEqualTo(2);
        assertThat(spark.err().strip()).startsWith("error: --engine spark: the optional spark module is not on the "
            + "classpath").doesNotContain("\n");
        CliRun.Outcome master = run("bench", "--master", "local[2]", "--out", dir.resolve("c").toString());
        assertThat(master.code()).isEqualTo(2);
        assertThat(master.err().strip()).startsWith("error: --master local[2]: only for a distributed engine")
            .doesNotContain("\n");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void sweepLabelsVariantsAndParsesUnits() {
        java.util.List<BenchPlan.Variant> v = new java.util.ArrayList<>();
        var sw = BenchPlan.sweep("*.latency=0,50ms,0.2s", Timing.declared(), v);
        assertThat(sw.loop()).isEqualTo("*");
        assertThat(sw.rate()).isFalse();
        assertThat(sw.variants()).containsExactly("*.latency=0ms", "*.latency=50ms", "*.latency=200ms");
        assertThat(sw.latencyMs()).containsExactly(0.0, 50.0, 200.0);
        assertThat(v.get(2).timing().latency().get("*").toString()).contains("200");
    }

    @Test
    void rateSweepsMakeOneVariantPerRateOverTheRunsTiming() {
        java.util.List<BenchPlan.Variant> v = new java.util.ArrayList<>();
        Timing base = new Timing(DeploymentProfile.load("ideal"), java.util.Map.of(), java.util.Map.of());
        var sw = BenchPlan.sweep("control.rate=100,250Hz,500,1000", base, v);
        assertThat(sw.rate()).isTrue();
        assertThat(sw.loop()).isEqualTo("control");
        assertThat(sw.variants()).containsExactly("control.rate=100Hz", "control.rate=250Hz", "control.rate=500Hz",
            "control.rate=1000Hz");
        assertThat(sw.values()).containsExactly(100.0, 250.0, 500.0, 1000.0);
        assertThat(sw.latencyMs()).isNull();
        assertThat(v).extracting(BenchPlan.Variant::value).containsExactly(100.0, 250.0, 500.0, 1000.0);
        assertThat(v.get(1).timing().rateHz()).containsExactly(java.util.Map.entry("control", 250.0));
        assertThat(v.get(1).timing().profileName()).isEqualTo("ideal");
        // the variant's timing is what its episodes run with: a control loop at 250 Hz, no latency
        LoopSpec control = LoopSpec.builder("control", 500).optRole(LoopRole.CONTROL)
            .optLatency(LatencyModel.fixed(3)).build();
        assertThat(v.get(1).timing().apply(control).rateHz()).isEqualTo(250.0);
        assertThat(v.get(1).timing().apply(control).latency()).isEqualTo(LatencyModel.none());
        LoopSpec s2 = LoopSpec.builder("system2", 5).optRole(LoopRole.SYSTEM2).build();
        assertThat(v.get(1).timing().apply(s2).rateHz()).as("other roles keep their rate").isEqualTo(5.0);
    }

    @Test
    void badSweepValuesAreOneLineUserErrors() {
        java.util.List<BenchPlan.Variant> v = new java.util.ArrayList<>();
        assertThatThrownBy(() -> BenchPlan.sweep("control.rate=100,0", Timing.declared(), v))
            .isInstanceOf(UserInputException.class).hasMessage("--param control.rate=100,0: rate must be positive, got 0");
        assertThatThrownBy(() -> BenchPlan.sweep("control.rate=100,fast", Timing.declared(), v))
            .isInstanceOf(UserInputException.class).hasMessageContaining("'fast' is not a rate in Hz");
        assertThatThrownBy(() -> BenchPlan.sweep("control.rate=100,100Hz", Timing.declared(), v))
            .isInstanceOf(UserInputException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> BenchPlan.sweep("control.speed=1", Timing.declared(), v))
            .isInstanceOf(UserInputException.class).hasMessageContaining("unknown parameter 'speed'");
    }

    @Test
    void aOneMillisecondPhysicsStepLetsAControllerTickAtOneKilohertz(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("khz");
        CliRun.Outcome o = run("sweep", "--param", "control.rate=250,1000", "--physics-dt", "1ms", "--profile",
            "ideal", "--stack", "hold-still", "--scenario", "reach", "--condition", "lab", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode info = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(info.get("timing").get("physics_dt_ms").asDouble()).isEqualTo(1.0);
        assertThat(info.get("timing").get("profile").asText()).isEqualTo("ideal");
        assertThat(info.get("sweep").get("rate_hz").toString()).isEqualTo("[250.0,1000.0]");
        for (String line : Files.readAllLines(out.resolve("episodes.jsonl"))) {
            JsonNode r = new ObjectMapper().readTree(line);
            JsonNode hold = r.get("loops").get("hold");
            double target = r.get("variant").asText().endsWith("=1000Hz") ? 1000 : 250;
            assertThat(hold.get("target_hz").asDouble()).isEqualTo(target);
            assertThat(hold.get("deadline_misses").asLong()).isZero();
            assertThat(hold.get("ticks").asLong()).isEqualTo(Math.round(Math.ceil(r.get("sim_time_s").asDouble()
                * target - 1e-9)));
        }
        CliRun.Outcome bad = run("bench", "--physics-dt", "1.5us", "--out", dir.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: bench: option '--physics-dt': '1.5us' must be a whole number "
            + "of microseconds from 100us to 10ms (see ./stackarena help bench)");
    }
}
