package org.stackarena.benchmarks.bench;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
        CliRun.Outcome sweep = run("sweep", "--param", "system2.rate=1,2", "--out", dir.resolve("b").toString());
        assertThat(sweep.code()).isEqualTo(2);
        assertThat(sweep.err()).contains("LOOP.rate sweeps are not supported yet");
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
        var sw = BenchPlan.sweep("*.latency=0,50ms,0.2s", java.util.Map.of(), v);
        assertThat(sw.loop()).isEqualTo("*");
        assertThat(sw.variants()).containsExactly("*.latency=0ms", "*.latency=50ms", "*.latency=200ms");
        assertThat(sw.latencyMs()).containsExactly(0.0, 50.0, 200.0);
        assertThat(v.get(2).latency().get("*").toString()).contains("200");
    }
}
