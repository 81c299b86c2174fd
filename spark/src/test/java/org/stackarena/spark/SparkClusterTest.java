package org.stackarena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.ResultsStore;
import org.stackarena.benchmarks.cli.CliRun;

/**
 * {@code --engine spark} on a real standalone cluster on this machine: a master, a worker and
 * its executors, each a JVM of its own, started from the module's jars ({@code target/lib}:
 * Spark and, like the cluster in issue 22, javacpp, DJL and Jackson too, so the executors'
 * class path clashes with ours unless our jar's classes come first). Against a local run of the
 * smoke suite (every stack, lockstep latency, so records must match exactly apart from
 * wall-clock fields):
 * <ul>
 *   <li>the launcher's own command ({@code java -cp benchmarks jar + lib + spark jar + lib ...
 *       Main bench --engine spark --master spark://...}), with one executor killed with
 *       SIGKILL while tasks run: every episode recorded once, none lost, none twice;</li>
 *   <li>{@code spark-submit} (SparkSubmit on the cluster's class path) with the cluster jar;</li>
 *   <li>a job whose executors cannot load our classes: one line and exit 1, not a stack trace;</li>
 *   <li>episodes that fail on the executors: their reason on the driver's console and in
 *       {@code run.json}.</li>
 * </ul>
 * Needs {@code package} first (the jars): it runs in the {@code integration-test} phase, with
 * {@code ./stackarena test --all} (Maven profiles {@code slow,spark,cluster}). Logs and run
 * directories in {@code spark/target/cluster-test/}.
 */
@Tag("cluster")
class SparkClusterTest {

    static final Path TARGET = targetDir();
    static final Path ROOT = TARGET.getParent().getParent();
    static final Path WORK = TARGET.resolve("cluster-test");
    static final long RUN_TIMEOUT_S = 1200;
    static final String[] SMOKE = {"bench", "--suite", "smoke", "--latency", "*=none"};

    static Process master;
    static Process worker;
    static String masterUrl;
    static Path local;
    static long t0;

    static Path targetDir() {
        try {
            return Path.of(SparkClusterTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void startClusterAndRunLocally() throws Exception {
        t0 = System.nanoTime();
        assertThat(clusterJar()).as("the cluster jar (mvn -Pspark,cluster package)").isRegularFile();
        deleteRecursively(WORK);
        Files.createDirectories(WORK.resolve("logs"));
        Files.createDirectories(WORK.resolve("spark-home/jars")); // Spark's own jars are in SPARK_DIST_CLASSPATH
        int masterPort = freePort();
        masterUrl = "spark://127.0.0.1:" + masterPort;
        master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
            "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())), distClassPath());
        awaitPort(masterPort, 90);
        worker = start("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()), "--cores", "2",
            "--memory", "8g", "--work-dir", WORK.resolve("work").toString(), masterUrl), distClassPath());
        awaitLog(WORK.resolve("logs/worker.log"), "Successfully registered with master", 90);

        local = WORK.resolve("local");
        List<String> args = new ArrayList<>(List.of(SMOKE));
        args.addAll(List.of("--workers", "2", "--out", local.toString()));
        CliRun.Outcome o = CliRun.run(args.toArray(String[]::new));
        assertThat(o.code()).as(o.err()).isZero();
        // 5 task families x lab/field x the 5 default stacks (expert, classical, vla, vla-planner, wam)
        assertThat(SparkEngineTest.withoutWallClock(local)).hasSize(50);
        System.out.printf("cluster up and local reference run in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : new Process[] {worker, master}) {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly); // executors
                p.destroyForcibly();
                try {
                    p.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        System.out.printf("cluster test: %.0f s wall in all%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void theLauncherPathRunsTheSmokeSuiteAndSurvivesAKilledExecutor() throws Exception {
        Path run = WORK.resolve("launcher");
        List<String> cmd = new ArrayList<>(List.of("org.stackarena.benchmarks.cli.Main"));
        cmd.addAll(List.of(SMOKE));
        cmd.addAll(List.of("--engine", "spark", "--master", masterUrl, "--conf", "spark.executor.cores=1",
            "--conf", "spark.executor.memory=2g", "--conf", "spark.executor.extraJavaOptions=" + javacppCache(),
            "--out", run.toString()));
        long t = System.nanoTime();
        Process driver = start("launcher", cmd, launcherClassPath());
        try {
            Path episodes = run.resolve(ResultsStore.FILE_NAME);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_S);
            while (lines(episodes) == 0 && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<ProcessHandle> executors = executors();
            int atKill = lines(episodes);
            assertThat(executors).as("executors running when the first records arrived").hasSize(2);
            assertThat(atKill).as("episodes recorded when one executor is killed").isBetween(1, 39);
            assertThat(executors.get(0).destroyForcibly()).isTrue(); // SIGKILL
            assertThat(driver.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)).as("driver finished").isTrue();
        } finally {
            driver.destroyForcibly();
        }
        String err = Files.readString(WORK.resolve("logs/launcher.log"));
        assertThat(driver.exitValue()).as(err).isZero();
        System.out.printf("launcher path on the cluster, one executor killed: %.0f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(SparkEngineTest.withoutWallClock(run)).isEqualTo(SparkEngineTest.withoutWallClock(local));
        assertThat(Files.readAllLines(run.resolve(ResultsStore.FILE_NAME)))
            .hasSize(SparkEngineTest.withoutWallClock(local).size());
        JsonNode cluster = runJson(run).get("cluster");
        assertThat(cluster.get("master").asText()).isEqualTo(masterUrl);
        assertThat(cluster.get("executors").asInt()).isEqualTo(2);
        assertThat(cluster.get("cores").asInt()).isEqualTo(2);
        assertThat(cluster.get("executors_lost").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(cluster.get("errors")).isEmpty();
        assertThat(runJson(run).get("workers").asInt()).isEqualTo(2);
        assertThat(err).contains("executor").contains("lost").doesNotContain("\tat ");
    }

    @Test
    void sparkSubmitWithTheClusterJarGivesTheLocalRecords() throws Exception {
        Path run = WORK.resolve("submit");
        List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
            "--deploy-mode", "client", "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=2g",
            "--conf", "spark.executor.extraJavaOptions=" + javacppCache(),
            "--class", "org.stackarena.benchmarks.cli.Main", clusterJar().toString()));
        args.addAll(List.of(SMOKE));
        args.addAll(List.of("--engine", "spark", "--out", run.toString()));
        long t = System.nanoTime();
        Process submit = start("spark-submit", args, distClassPath());
        try {
            assertThat(submit.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)).as("spark-submit finished").isTrue();
        } finally {
            submit.destroyForcibly();
        }
        assertThat(submit.exitValue()).as(Files.readString(WORK.resolve("logs/spark-submit.log"))).isZero();
        System.out.printf("spark-submit path on the cluster: %.0f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(SparkEngineTest.withoutWallClock(run)).isEqualTo(SparkEngineTest.withoutWallClock(local));
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(run.resolve("summary.json").toFile()).get("stacks"))
            .isEqualTo(m.readTree(local.resolve("summary.json").toFile()).get("stacks"));
    }

    @Test
    void aJobWhoseExecutorsLackOurClassesEndsInOneLineNotAStackTrace() throws Exception {
        Path run = WORK.resolve("no-classes");
        Path notOurs;
        try (Stream<Path> s = Files.list(TARGET.resolve("lib"))) {
            notOurs = s.filter(p -> p.getFileName().toString().startsWith("ejml-core")).findFirst().orElseThrow();
        }
        Outcome o = launcher(run, "--stack", "expert", "--scenario", "reach", "--condition", "lab", "--conf",
            "spark.jars=" + notOurs, "--conf", "spark.task.maxFailures=2");
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        List<String> failed = o.err().lines().filter(l -> l.contains("spark job failed")).toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0)).contains("ClassNotFoundException: org.stackarena.spark");
        assertThat(o.err()).doesNotContain("\tat ");
        assertThat(o.out()).contains("1 episode(s) failed with harness or world errors");
        assertThat(runJson(run).get("cluster").get("errors").get(0).asText()).startsWith("spark job failed: ");
    }

    @Test
    void episodesThatFailOnTheExecutorsSayWhyOnTheDriverAndInRunJson() throws Exception {
        // the class path clash of issue 22: without our classes first, javacpp from the cluster's class
        // path is linked with the natives of our jar's javacpp, and every episode fails on the executor
        Path run = WORK.resolve("clash");
        Outcome o = launcher(run, "--stack", "expert", "--scenario", "reach", "--conf",
            "spark.executor.userClassPathFirst=false");
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains("could not be run on executor").contains("UnsatisfiedLinkError")
            .doesNotContain("\tat ");
        assertThat(o.out()).contains("2 episode(s) failed with harness or world errors");
        JsonNode errors = runJson(run).get("cluster").get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).asText()).startsWith("2 x java.lang.UnsatisfiedLinkError");
    }

    // ------------------------------------------------------------------ helpers

    record Outcome(int code, String out, String err) {}

    /** The launcher's command with {@code args} after the common ones, to the end; stdout and stderr apart. */
    static Outcome launcher(Path run, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(java());
        cmd.addAll(List.of("-cp", launcherClassPath(), "org.stackarena.benchmarks.cli.Main"));
        cmd.addAll(List.of(SMOKE));
        cmd.addAll(List.of("--engine", "spark", "--master", masterUrl, "--conf", "spark.executor.cores=1",
            "--conf", "spark.executor.extraJavaOptions=" + javacppCache(), "--out", run.toString()));
        cmd.addAll(List.of(args));
        String name = run.getFileName().toString();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(WORK.toFile())
            .redirectOutput(WORK.resolve("logs/" + name + ".out").toFile())
            .redirectError(WORK.resolve("logs/" + name + ".log").toFile());
        env(pb);
        Process p = pb.start();
        try {
            assertThat(p.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Outcome(p.exitValue(), Files.readString(WORK.resolve("logs/" + name + ".out")),
            Files.readString(WORK.resolve("logs/" + name + ".log")));
    }

    /** A JVM running {@code mainAndArgs} on {@code classPath}, output and errors in logs/NAME.log. */
    static Process start(String name, List<String> mainAndArgs, String classPath) throws IOException {
        List<String> cmd = new ArrayList<>(java());
        cmd.addAll(List.of("-cp", classPath));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true)
            .redirectOutput(WORK.resolve("logs/" + name + ".log").toFile());
        env(pb);
        return pb.start();
    }

    static void env(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", WORK.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_DIST_CLASSPATH", distClassPath()); // what executors start with, as on a cluster node
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.putIfAbsent("DJL_CACHE_DIR", ROOT.resolve("target/djl-cache").toString());
        env.putIfAbsent("ENGINE_CACHE_DIR", env.get("DJL_CACHE_DIR"));
        env.putIfAbsent("ONEDNN_MAX_CPU_ISA", "AVX2");
    }

    /** {@code java} with this JVM's --add-opens flags (Spark on Java 17) and JavaCPP cache. */
    static List<String> java() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.add(javacppCache());
        return cmd;
    }

    static String javacppCache() {
        return "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
            ROOT.resolve("target/javacpp-cache").toString());
    }

    /** The cluster's class path: the module's libraries (Spark and the others), not StackArena. */
    static String distClassPath() {
        return TARGET.resolve("lib") + File.separator + "*";
    }

    /** What ./stackarena puts on the class path for --engine spark. */
    static String launcherClassPath() throws IOException {
        return String.join(File.pathSeparator, jar(ROOT.resolve("benchmarks/target"), "stackarena-benchmarks-"),
            ROOT.resolve("benchmarks/target/lib") + File.separator + "*", jar(TARGET, "stackarena-spark-"),
            TARGET.resolve("lib") + File.separator + "*");
    }

    static String jar(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")
                    && !p.toString().endsWith("-tests.jar") && !p.toString().endsWith("-cluster.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir
                    + ": run mvn package first")).toString();
        }
    }

    static Path clusterJar() throws IOException {
        try (Stream<Path> s = Files.list(TARGET)) {
            return s.filter(p -> p.getFileName().toString().matches("stackarena-spark-.*-cluster\\.jar")).findFirst()
                .orElse(TARGET.resolve("stackarena-spark-cluster.jar-missing"));
        }
    }

    /** The worker's executor JVMs now. */
    static List<ProcessHandle> executors() {
        return worker.descendants().filter(h -> h.info().commandLine().map(c -> c.contains(
            "CoarseGrainedExecutorBackend")).orElse(false)).toList();
    }

    static int lines(Path f) throws IOException {
        return Files.isRegularFile(f) ? Files.readAllLines(f).size() : 0;
    }

    static JsonNode runJson(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("run.json").toFile());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("nothing listens on port " + port + " after " + seconds + " s; see " + WORK
            + "/logs");
    }

    static void awaitLog(Path log, String text, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.isRegularFile(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' not in " + log + " after " + seconds + " s");
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
