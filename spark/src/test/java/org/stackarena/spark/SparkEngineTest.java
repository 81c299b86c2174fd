package org.stackarena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import org.stackarena.benchmarks.cli.CliRun;
import org.stackarena.api.harness.EpisodeKey;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.ResultsStore;

/**
 * {@code --engine spark} on {@code local[2]} against the local engine, over MuJoCo: the smoke suite
 * for the deterministic stacks ({@code expert}, {@code classical}: 20 episodes) gives the same
 * records, and a run into a directory with records already in it runs only the rest.
 */
class SparkEngineTest {

    @TempDir
    static Path dir;

    static Path local;

    @BeforeAll
    static void localRun() {
        local = dir.resolve("local");
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--stack", "expert,classical", "--workers", "2",
            "--out", local.toString());
        assertThat(o.code()).as(o.err()).isZero();
    }

    static Map<EpisodeKey, String> withoutWallClock(Path run) throws IOException {
        Map<EpisodeKey, String> out = new TreeMap<>(java.util.Comparator.comparing(EpisodeKey::toString));
        for (String line : Files.readAllLines(run.resolve(ResultsStore.FILE_NAME))) {
            EpisodeRecord r = Json.parseRecord(line);
            assertThat(out.put(r.key(), Json.withoutWallClock(r))).as("duplicate " + r.key()).isNull();
        }
        return out;
    }

    @Test
    void smokeSuiteOnSparkGivesTheLocalRecords() throws Exception {
        Path spark = dir.resolve("spark");
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--stack", "expert,classical", "--engine", "spark",
            "--master", "local[2]", "--out", spark.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("20 episodes run, 0 already done, 0 not run");
        Map<EpisodeKey, String> expected = withoutWallClock(local);
        assertThat(expected).hasSize(20);
        assertThat(withoutWallClock(spark)).isEqualTo(expected);
        ObjectMapper m = new ObjectMapper();
        for (String file : List.of("summary.json", "report.md", "report.html")) {
            assertThat(spark.resolve(file)).isNotEmptyFile();
        }
        assertThat(m.readTree(spark.resolve("summary.json").toFile()).get("stacks"))
            .isEqualTo(m.readTree(local.resolve("summary.json").toFile()).get("stacks"));
        assertThat(o.err()).doesNotContain("INFO org.apache").doesNotContain("WARN org.apache")
            .doesNotContain("Exception");
        // what ran the episodes: local[2] is one executor (the driver) with two cores, not this machine's cores
        com.fasterxml.jackson.databind.JsonNode info = m.readTree(spark.resolve("run.json").toFile());
        assertThat(info.get("workers").asInt()).isEqualTo(2);
        assertThat(info.get("cluster").get("engine").asText()).isEqualTo("spark");
        assertThat(info.get("cluster").get("master").asText()).isEqualTo("local[2]");
        assertThat(info.get("cluster").get("executors").asInt()).isEqualTo(1);
        assertThat(info.get("cluster").get("cores").asInt()).isEqualTo(2);
        assertThat(info.get("cluster").get("executors_lost").asInt()).isZero();
        assertThat(info.get("cluster").get("errors")).isEmpty();
        assertThat(m.readTree(local.resolve("run.json").toFile()).has("cluster")).isFalse();
        assertThat(Files.readString(spark.resolve("report.md"))).contains("spark on local[2]: 1 executor(s), 2 cores");
    }

    @Test
    void resumesRecordsOfAnyEngineWithoutRerunningOrDuplicating() throws Exception {
        Path run = dir.resolve("resume");
        Files.createDirectories(run);
        // three records of the local run, marked so that a re-run of them would show
        List<String> seeded = new ArrayList<>();
        ObjectMapper m = Json.mapper();
        for (String line : Files.readAllLines(local.resolve(ResultsStore.FILE_NAME))) {
            EpisodeRecord r = Json.parseRecord(line);
            if (seeded.size() < 3 && (r.scenario().equals("reach") || r.scenario().equals("push"))) {
                ObjectNode n = (ObjectNode) m.readTree(line);
                n.put("wall_time_s", 12345.0);
                seeded.add(n.toString());
            }
        }
        Files.write(run.resolve(ResultsStore.FILE_NAME), seeded);
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--stack", "expert,classical", "--scenario",
            "reach,push", "--engine", "spark", "--master", "local[2]", "--out", run.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("5 episodes run, 3 already done, 0 not run");
        List<String> lines = Files.readAllLines(run.resolve(ResultsStore.FILE_NAME));
        assertThat(lines).hasSize(8).startsWith(seeded.toArray(String[]::new));
        assertThat(lines.stream().filter(l -> l.contains("12345.0"))).hasSize(3);
        Map<EpisodeKey, String> got = withoutWallClock(run);
        Map<EpisodeKey, String> all = withoutWallClock(local);
        got.forEach((k, v) -> assertThat(v).as(k.toString()).isEqualTo(all.get(k)));

        // and the local engine resumes a spark run: nothing left to do
        CliRun.Outcome again = CliRun.run("bench", "--suite", "smoke", "--stack", "expert,classical", "--scenario",
            "reach,push", "--out", run.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 episodes run, 8 already done");
        assertThat(Files.readAllLines(run.resolve(ResultsStore.FILE_NAME))).isEqualTo(lines);
    }

    @Test
    void aRecordArrivingTwiceIsStoredOnce() throws Exception {
        Path run = dir.resolve("twice");
        BenchPlan.Options opts = new BenchPlan.Options("smoke", List.of("hold-still"), List.of("lab"), null,
            List.of("reach"), null, null, null, "ideal", List.of(), List.of(), null, null, null);
        BenchPlan plan = BenchPlan.resolve(opts);
        String line = Files.readAllLines(local.resolve(ResultsStore.FILE_NAME)).get(0);
        EpisodeRecord r = Json.parseRecord(line);
        // a hold-still record, made from an expert one, standing in for a task's output
        ObjectNode n = (ObjectNode) Json.mapper().readTree(line);
        n.put("stack", "hold-still");
        n.put("scenario", "reach");
        n.put("condition", "lab");
        n.put("seed", plan.specs().get(0).seed());
        String held = n.toString();
        try (ResultsStore store = ResultsStore.open(run)) {
            EpisodeEngine.Job job = new EpisodeEngine.Job(plan, opts, store, 1, null);
            SparkEngine.Receiver receiver = new SparkEngine.Receiver(job, job.pending());
            receiver.apply(0, new EpisodeTask.TaskResult(new ArrayList<>(List.of(held)), new ArrayList<>(), "0"));
            receiver.apply(0, new EpisodeTask.TaskResult(new ArrayList<>(List.of(held)), new ArrayList<>(), "0")); // the retried task
            receiver.apply(1, new EpisodeTask.TaskResult(new ArrayList<>(List.of(line)), new ArrayList<>(), "1")); // not in this plan
            assertThat(store.records()).hasSize(1);
        }
        assertThat(Files.readAllLines(run.resolve(ResultsStore.FILE_NAME))).hasSize(1);
        assertThat(r.stack()).isNotEqualTo("hold-still");
    }

    @Test
    void partitionsAreContiguousAndAboutFourPerCore() {
        assertThat(SparkEngine.slices(200, 2, 0)).isEqualTo(8);
        assertThat(SparkEngine.slices(20, 2, 0)).isEqualTo(7);
        assertThat(SparkEngine.slices(3, 8, 0)).isEqualTo(3);
        assertThat(SparkEngine.slices(200, 2, 50)).isEqualTo(4);
    }

    @Test
    void aBadMasterIsAOneLineError() {
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--stack", "hold-still", "--scenario", "reach",
            "--engine", "spark", "--master", "nowhere://x", "--out", dir.resolve("bad").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).startsWith("error: --master nowhere://x: not a Spark master URL").doesNotContain("\n");
    }

    @Test
    void confSettingsAreCheckedBeforeAnyWork() {
        for (String[] c : new String[][] {
            {"foo.bar=1", "error: --conf foo.bar=1: not a Spark setting (Spark only reads keys starting with 'spark.')"},
            {"spark.stackarena.episodesPerTask=0", "error: --conf spark.stackarena.episodesPerTask=0: not a positive "
                + "whole number of episodes per task"},
            {"spark.master=nowhere://x", "error: --conf spark.master=nowhere://x: not a Spark master URL"}}) {
            Path out = dir.resolve("conf-" + c[0].hashCode());
            CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--stack", "hold-still", "--scenario", "reach",
                "--engine", "spark", "--conf", c[0], "--out", out.toString());
            assertThat(o.code()).as(o.err()).isEqualTo(2);
            assertThat(o.err().strip()).startsWith(c[1]).doesNotContain("\n");
            assertThat(out).doesNotExist();
        }
    }

    static EpisodeEngine.Job job(String master, Map<String, String> conf) {
        BenchPlan.Options opts = new BenchPlan.Options("smoke", List.of("hold-still"), List.of("lab"), null,
            List.of("reach"), null, null, null, "ideal", List.of(), List.of(), null, null, null);
        return new EpisodeEngine.Job(BenchPlan.resolve(opts), opts, null, 1, master, conf);
    }

    @Test
    void confPassesTheUsersSettingsAndListensToTheExecutors() {
        org.apache.spark.SparkConf c = SparkEngine.conf(job("local[2]", Map.of("spark.stackarena.episodesPerTask", "3",
            "spark.executor.memory", "3g", "spark.extraListeners", "com.example.Mine")), "tok");
        assertThat(c.get("spark.master")).isEqualTo("local[2]");
        assertThat(c.get("spark.executor.memory")).isEqualTo("3g");
        assertThat(c.getInt(SparkEngine.EPISODES_PER_TASK, 0)).isEqualTo(3);
        assertThat(c.get("spark.ui.enabled")).isEqualTo("false");
        assertThat(c.get("spark.extraListeners")).isEqualTo("com.example.Mine," + ClusterListener.class.getName());
        assertThat(c.get(ClusterListener.TOKEN)).isEqualTo("tok");
        // in one process: nothing to ship, no class loader order to choose
        assertThat(c.contains("spark.jars")).isFalse();
        assertThat(c.contains("spark.executor.userClassPathFirst")).isFalse();
    }

    @Test
    void onAClusterExecutorsGetTheJarAndLoadOurClassesFirst() {
        org.apache.spark.SparkConf c = SparkEngine.conf(job("spark://head:7077", Map.of("spark.jars", "/x/mine.jar")),
            "t");
        assertThat(c.get("spark.jars")).isEqualTo("/x/mine.jar");
        assertThat(c.get("spark.executor.userClassPathFirst")).isEqualTo("true");
        org.apache.spark.SparkConf keep = SparkEngine.conf(job("yarn", Map.of("spark.jars", "/x/mine.jar",
            "spark.executor.userClassPathFirst", "false")), "t");
        assertThat(keep.get("spark.executor.userClassPathFirst")).isEqualTo("false");
        assertThat(keep.contains("spark.driver.host")).isFalse();
    }

    @Test
    void executorErrorsAreSummarisedByDistinctReasonWithTheirFirstEpisode() throws Exception {
        try (ResultsStore store = ResultsStore.open(dir.resolve("errors"))) {
            EpisodeEngine.Job j = job("local[1]", Map.of());
            EpisodeEngine.Job job = new EpisodeEngine.Job(j.plan(), j.options(), store, 1, null);
            SparkEngine.Receiver receiver = new SparkEngine.Receiver(job, job.pending());
            String link = "java.lang.UnsatisfiedLinkError: 'void org.bytedeco.javacpp.Pointer.allocate()'";
            receiver.apply(0, new EpisodeTask.TaskResult(new ArrayList<>(), new ArrayList<>(List.of(
                new EpisodeTask.Failure("reach/arm7/1/lab/hold-still", link),
                new EpisodeTask.Failure("reach/arm7/2/lab/hold-still", link))), "0 (10.0.0.1)"));
            receiver.apply(1, new EpisodeTask.TaskResult(new ArrayList<>(), new ArrayList<>(List.of(
                new EpisodeTask.Failure("reach/arm7/3/lab/hold-still", "java.lang.IllegalStateException: scene"))),
                "1 (10.0.0.2)"));
            assertThat(receiver.errorSummary()).containsExactly(
                "2 x " + link + " (first: reach/arm7/1/lab/hold-still on executor 0 (10.0.0.1))",
                "1 x java.lang.IllegalStateException: scene (first: reach/arm7/3/lab/hold-still on executor 1 "
                    + "(10.0.0.2))");
            assertThat(store.records()).isEmpty();
        }
    }
}
