package org.stackarena.benchmarks.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.benchmarks.report.Clip;
import org.stackarena.benchmarks.report.IntervalMethod;
import org.stackarena.benchmarks.report.ReportWriter;
import org.stackarena.benchmarks.report.RunInfo;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.ControlStack;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.harness.DeploymentProfile;
import org.stackarena.api.harness.EpisodeExecutor;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.ResultsStore;
import org.stackarena.api.harness.Summary;
import org.stackarena.api.harness.Timing;
import org.stackarena.api.StackProvider;

/**
 * Runs a {@link BenchPlan} into a run directory: {@code run.json}, {@code episodes.jsonl} (through
 * the harness's {@link ResultsStore}, so a re-run with the same directory resumes), optional GIFs,
 * then the reports and a compact results table. The episodes themselves are run by an
 * {@link EpisodeEngine} ({@code local} threads by default); whichever engine ran them, the files
 * are written by this class the same way.
 */
public final class BenchRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BenchRunner.class);

    /** Image size of the worlds' cameras. */
    public static final int IMAGE = 128;
    /** GIF frame rate: one frame per this many seconds of sim time. */
    static final double GIF_FRAME_S = 0.2;
    static final int GIF_MAX_FRAMES = 150;

    private final BenchPlan plan;
    private final BenchPlan.Options options;
    private final EpisodeEngine engine;
    private final String master;
    private final Path out;
    private final int workers;
    private final int video;
    private final List<String> command;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean tty;
    private IntervalMethod interval = IntervalMethod.DEFAULT;
    private Map<String, String> engineConf = Map.of();
    private int record;

    /**
     * @param plan what to run
     * @param out run directory
     * @param workers worker threads
     * @param video GIFs per stack x scenario (0: none)
     * @param command the command line, for {@code run.json}
     * @param stdout results table and paths
     * @param stderr progress
     * @param tty draw a progress bar (else plain log lines)
     */
    public BenchRunner(BenchPlan plan, Path out, int workers, int video, List<String> command, PrintStream stdout,
                       PrintStream stderr, boolean tty) {
        this(plan, null, new LocalEngine(), null, out, workers, video, command, stdout, stderr, tty);
    }

    /**
     * @param plan what to run
     * @param options the options {@code plan} was resolved from (for engines that resolve it again
     *     elsewhere), or null
     * @param engine what runs the episodes
     * @param master {@code --master} for the engine, or null
     * @param out run directory
     * @param workers worker threads (local engine)
     * @param video GIFs per stack x scenario (0: none; always recorded locally)
     * @param command the command line, for {@code run.json}
     * @param stdout results table and paths
     * @param stderr progress
     * @param tty draw a progress bar (else plain log lines)
     */
    public BenchRunner(BenchPlan plan, BenchPlan.Options options, EpisodeEngine engine, String master, Path out,
                       int workers, int video, List<String> command, PrintStream stdout, PrintStream stderr,
                       boolean tty) {
        this.plan = plan;
        this.options = options;
        this.engine = engine;
        this.master = master;
        this.out = out;
        this.workers = workers;
        this.video = video;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
        this.tty = tty;
    }

    /**
     * The success intervals of the reports and the printed table (default
     * {@link IntervalMethod#DEFAULT}).
     *
     * @return this
     */
    public BenchRunner interval(IntervalMethod method) {
        this.interval = java.util.Objects.requireNonNull(method, "interval");
        return this;
    }

    /**
     * The engine's own settings ({@code --conf KEY=VALUE}; default none).
     *
     * @return this
     */
    public BenchRunner engineConf(Map<String, String> conf) {
        this.engineConf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(conf));
        return this;
    }

    /**
     * Records the first {@code k} episodes of each stack x scenario x condition (x robot, variant)
     * run by this call into {@code recordings/} (0: none, the default). Local engine only.
     *
     * @return this
     */
    public BenchRunner record(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("record must be >= 0, got " + k);
        }
        this.record = k;
        return this;
    }

    /** The specs {@link #record(int)} records: the first {@code k} per cell, in plan order. */
    public static java.util.Set<org.stackarena.api.harness.EpisodeKey> toRecord(BenchPlan plan, int k) {
        java.util.Set<org.stackarena.api.harness.EpisodeKey> keys = new java.util.HashSet<>();
        Map<String, Integer> perCell = new java.util.HashMap<>();
        for (EpisodeSpec s : plan.specs()) {
            String cell = String.join("\u0000", s.stack(), s.variant(), s.scenario(), s.robot(), s.condition());
            if (perCell.merge(cell, 1, Integer::sum) <= k) {
                keys.add(s.key());
            }
        }
        return keys;
    }

    private EpisodeEngine engineToRun() {
        if (record == 0) {
            return engine;
        }
        if (!(engine instanceof LocalEngine local)) {
            throw new UserInputException("--record " + record + ": recordings are made by the local engine only; "
                + "drop --engine " + engine.name() + " or --record");
        }
        java.util.Set<org.stackarena.api.harness.EpisodeKey> keys = toRecord(plan, record);
        return local.withListeners((spec, world) -> keys.contains(spec.key()) && world instanceof ScenarioWorld w
            ? new org.stackarena.benchmarks.replay.EpisodeRecorder(out, spec, w)
            : org.stackarena.api.harness.EpisodeListener.NONE);
    }

    /**
     * Runs, writes everything and prints the table.
     *
     * @return 0, or 1 if some episodes could not be run (harness or world errors; a re-run retries
     *     them)
     */
    public int run() throws Exception {
        Instant start = Instant.now();
        EpisodeEngine runWith = engineToRun();
        RunInfo info = info(start);
        checkChunking(plan, info.timing(), stderr);
        RunInfo old = readExisting();
        if (old != null) {
            if (!old.identity().equals(info.identity())) {
                List<String> timing = org.stackarena.benchmarks.compare.TimingCheck.differences(old, info);
                String what = old.identity().subList(0, 6).equals(info.identity().subList(0, 6)) && !timing.isEmpty()
                    ? "timed differently: " + String.join("; ", timing) : "with other settings: " + describe(old);
                throw new UserInputException(out + " holds a run " + what
                    + "; use another --out or the same options to resume it");
            }
            info = info.startedAt(old.started());
        }
        info.write(out);
        EpisodeExecutor.Result result;
        RunInfo.Cluster cluster;
        List<EpisodeRecord> all;
        try (ResultsStore store = ResultsStore.open(out)) {
            int before = store.finished().size();
            if (before > 0) {
                stderr.printf("resuming %s: %d of %d episodes already done%n", out, before, plan.specs().size());
            }
            Progress progress = new Progress(store, before);
            Thread monitor = new Thread(progress, "stackarena-progress");
            monitor.setDaemon(true);
            monitor.start();
            try {
                EpisodeEngine.Outcome o = runWith.run(new EpisodeEngine.Job(plan, options, store, workers, master,
                    engineConf));
                result = o.result();
                cluster = o.cluster();
            } finally {
                progress.stop();
                monitor.join(2000);
            }
            all = store.records();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("locked by another run")) {
                throw new UserInputException(e.getMessage());
            }
            throw e;
        }
        if (video > 0) {
            recordVideos();
        }
        Instant end = Instant.now();
        info.ended(end.toString(), Duration.between(start, end).toMillis() / 1000.0).ranOn(cluster).write(out);
        if (all.isEmpty() && result.errors() > 0) { // nothing to report on: say why, not "no records"
            stdout.printf(Locale.ROOT, "0 episodes run, %d already done, %d not run (errors), %.1f s%n",
                result.skipped(), result.errors(), Duration.between(start, end).toMillis() / 1000.0);
            stdout.println("run directory: " + out + " (no episode records yet, so no reports)");
            stdout.println(result.errors() + " episode(s) failed with harness or world errors (see the log above);"
                + " run the same command again to retry them");
            return 1;
        }
        List<Path> reports = ReportWriter.write(out, interval);
        printTable(all);
        stdout.printf(Locale.ROOT, "%d episodes run, %d already done, %d not run (errors), %.1f s%n", result.ran(),
            result.skipped(), result.errors(), Duration.between(start, end).toMillis() / 1000.0);
        stdout.println("run directory: " + out);
        reports.forEach(p -> stdout.println("  " + p));
        if (result.errors() > 0) {
            stdout.println(result.errors() + " episode(s) failed with harness or world errors (see the log above);"
                + " run the same command again to retry them");
            return 1;
        }
        return 0;
    }

    private RunInfo readExisting() {
        try {
            return RunInfo.read(out);
        } catch (IOException e) {
            throw new UserInputException(out.resolve(RunInfo.FILE_NAME) + ": malformed; use another --out");
        }
    }

    private static String describe(RunInfo r) {
        return "suite " + r.suite() + ", seeds " + (r.seeds() == null ? "?" : r.seeds().name()) + ", stacks "
            + (r.stacks() == null ? "?" : r.stacks().stream().map(RunInfo.StackInfo::name).toList()) + ", scenarios "
            + r.scenarios() + ", conditions " + r.conditions() + ", robots " + r.robots()
            + (r.sweep() == null ? "" : ", sweep " + r.sweep().variants());
    }

    private RunInfo info(Instant start) throws Exception {
        List<RunInfo.StackInfo> stacks = new ArrayList<>();
        plan.stacks().values().forEach(p -> stacks.add(new RunInfo.StackInfo(p.name(), p.privileged(),
            p.description())));
        return new RunInfo(command, gitCommit(), RunInfo.Machine.current(), plan.suite().name(),
            new RunInfo.Seeds(plan.seeds().name(), plan.seeds().hash(), plan.seeds().seeds().size()), stacks,
            new ArrayList<>(plan.scenarios().keySet()), new ArrayList<>(plan.conditions().keySet()), plan.robots(),
            timing(plan), plan.sweep(), engine instanceof LocalEngine ? workers : 0, plan.specs().size(), video,
            start.toString(), null, null, null);
    }

    /** {@code git rev-parse HEAD} in the working directory, null if git or a repository is missing. */
    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !s.matches("[0-9a-f]{40}")) {
                return null;
            }
            return s;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The run's timing fingerprint, checked before any episode runs: builds one world of the plan and one
     * instance of each stack (as the episodes will), reads its loops as the plan's timing times them, and
     * closes them again. Every override key (and a sweep's) must be a role, {@code *} or the name of a loop
     * of some stack in the run. Nothing is written.
     *
     * @throws UserInputException naming the option, the key and the stacks' loops
     */
    public static RunInfo.TimingInfo timing(BenchPlan plan) throws Exception {
        Timing timing = plan.timing();
        Map<String, RunInfo.StackTiming> stacks = new LinkedHashMap<>();
        java.util.Set<String> loopNames = new java.util.TreeSet<>();
        boolean loaded = true;
        if (!plan.specs().isEmpty()) {
            EpisodeSpec first = plan.specs().get(0);
            EpisodeExecutor.StackFactory factory = stacks(plan);
            try (ScenarioWorld world = world(plan, first.scenario(), first.robot(), first.condition())) {
                for (Map.Entry<String, StackProvider> e : plan.stacks().entrySet()) {
                    Map<String, RunInfo.LoopTiming> loops = new LinkedHashMap<>();
                    String chunking = null;
                    try (ControlStack stack = factory.create(e.getKey(), world)) {
                        for (LoopSpec l : timing.apply(stack.loops())) {
                            loopNames.add(l.name());
                            loops.put(l.name(), new RunInfo.LoopTiming(l.role().key(),
                                l.rateHz(), l.latency().toString(), l.modelParams() > 0 ? l.modelParams() : null));
                        }
                        chunking = stack.chunking().orElse(null);
                        checkRates(plan, e.getKey(), stack.loops(), world.dt());
                    }
                    stacks.put(e.getKey(), new RunInfo.StackTiming(chunking, loops));
                }
            } catch (LinkageError e) {
                // a spark-submit driver loads the cluster jar in a child class loader, which cannot bind
                // JavaCPP's natives already bound to the cluster's own JavaCPP; only the executors build stacks
                LOG.warn("timing fingerprint without the stacks' loops: this JVM cannot load MuJoCo ({}); loop names "
                    + "in --latency/--rate/--param are not checked", e.toString());
                loaded = false;
                stacks.clear();
            }
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(timing.latency().keySet());
        keys.addAll(timing.rateHz().keySet());
        if (plan.sweep() != null) {
            keys.add(plan.sweep().loop());
        }
        for (String key : keys) {
            if (!loaded || key.equals("*") || LoopRole.fromKey(key) != null || loopNames.contains(key)) {
                continue;
            }
            String where = plan.sweep() != null && plan.sweep().loop().equals(key) ? "--param " + plan.sweep().param()
                + "=..." : timing.latency().containsKey(key) ? "--latency " + key + "=..." : "--rate " + key + "=...";
            List<String> byStack = new ArrayList<>();
            stacks.forEach((name, st) -> byStack.add(name + ": " + String.join(", ", st.loops().keySet())));
            throw new UserInputException(where + ": no loop '" + key + "' in any stack of the run and no such role ("
                + "loops: " + String.join("; ", byStack) + "; roles: " + DeploymentProfile.roleNames()
                + "; '*' means every loop)");
        }
        Map<String, String> latency = new TreeMap<>();
        timing.latency().forEach((k, v) -> latency.put(k, v.toString()));
        return new RunInfo.TimingInfo(timing.profileName(),
            timing.profile() == null ? Map.of() : timing.profile().describe(), latency, new TreeMap<>(timing.rateHz()),
            loaded ? org.stackarena.sim.Simulation.mujocoVersion() : null,
            plan.physicsDt() > 0 ? plan.physicsDt() * 1e3 : null, stacks);
    }

    /**
     * A loop ticks at most once per physics step: a rate above {@code 1 / dt} (from the profile, {@code --rate}
     * or a sweep value) would only count deadline misses, so it is refused.
     */
    private static void checkRates(BenchPlan plan, String stack, List<LoopSpec> declared, double dt) {
        double max = 1.0 / dt;
        for (BenchPlan.Variant v : plan.variants()) {
            for (LoopSpec l : v.timing().apply(declared)) {
                if (l.rateHz() > max * (1 + 1e-9)) {
                    String where = !v.label().isEmpty() ? "--param " + plan.sweep().param() + "=..."
                        : "--rate/--profile";
                    throw new UserInputException(where + ": loop '" + l.name() + "' of stack '" + stack + "' at "
                        + num(l.rateHz()) + " Hz is faster than the physics step (" + num(dt * 1e3) + " ms, "
                        + num(max) + " Hz); a loop ticks at most once per step");
                }
            }
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(Math.round(v * 1000) / 1000.0);
    }

    /** How an engine's workers build the plan's worlds ({@link ScenarioWorld}s with {@link #IMAGE} cameras). */
    public static EpisodeExecutor.WorldFactory worlds(BenchPlan plan) {
        return (scenario, robot, condition) -> world(plan, scenario, robot, condition);
    }

    /** One world of the plan, with its physics step. */
    static ScenarioWorld world(BenchPlan plan, String scenario, String robot, String condition) {
        ScenarioWorld w = new ScenarioWorld(plan.scenarios().get(scenario), robot, plan.conditions().get(condition),
            IMAGE, IMAGE);
        return plan.physicsDt() > 0 ? w.withPhysicsStep(plan.physicsDt()) : w;
    }

    /**
     * How an engine's workers build the plan's stacks (through its stack providers, told the plan's
     * {@code --chunking}).
     */
    public static EpisodeExecutor.StackFactory stacks(BenchPlan plan) {
        return (name, world) -> {
            StackProvider p = provider(plan, name);
            return p.create(world.stackContext(p.privileged()).withChunkExecution(plan.chunking()));
        };
    }

    /**
     * With {@code --chunking}, says in one warning line on {@code err} when no stack of the run executes action
     * chunks (the option then changes nothing), from the run's timing fingerprint.
     */
    static void checkChunking(BenchPlan plan, RunInfo.TimingInfo timing, PrintStream err) {
        if (plan.chunking() == null || timing.stacks() == null) {
            return;
        }
        if (timing.stacks().values().stream().allMatch(t -> t.chunking() == null)) {
            err.println("warning: --chunking " + plan.chunking() + ": no stack of this run executes action chunks ("
                + String.join(", ", plan.stacks().keySet()) + "); it changes nothing");
        }
    }

    private static StackProvider provider(BenchPlan plan, String name) {
        StackProvider p = plan.stacks().get(name);
        if (p == null) {
            throw new IllegalStateException("no provider for stack " + name);
        }
        return p;
    }

    // ------------------------------------------------------------------ videos

    /**
     * Replays the first {@code video} episodes of each stack x scenario with a recording world
     * (records in {@code videos/episodes.jsonl}, apart from the measured run) and writes GIFs.
     */
    private void recordVideos() throws IOException, InterruptedException {
        Path dir = out.resolve(Clip.DIR);
        Files.createDirectories(dir);
        List<Clip> clips = new ArrayList<>();
        String firstVariant = plan.variants().get(0).label();
        for (String stack : plan.stacks().keySet()) {
            List<EpisodeSpec> specs = new ArrayList<>();
            Map<String, Integer> perScenario = new LinkedHashMap<>();
            for (EpisodeSpec s : plan.specs()) {
                if (s.stack().equals(stack) && s.variant().equals(firstVariant)
                    && perScenario.merge(s.scenario(), 1, Integer::sum) <= video) {
                    specs.add(s);
                }
            }
            Map<String, RecordingWorld.Frames> frames = new LinkedHashMap<>();
            EpisodeExecutor.Result r;
            try (ResultsStore store = ResultsStore.open(dir.resolve(stack))) {
                r = EpisodeExecutor.builder()
                    .setWorlds((scenario, robot, condition) -> {
                        ScenarioWorld w = world(plan, scenario, robot, condition);
                        return new RecordingWorld(w, "front", GIF_FRAME_S, GIF_MAX_FRAMES,
                            f -> frames.put(scenario + "\u0000" + robot + "\u0000" + condition + "\u0000" + f.seed(), f));
                    })
                    .setStacks(stacks(plan))
                    .setStore(store)
                    .optWorkers(1)
                    .build()
                    .run(specs);
                for (EpisodeRecord rec : store.records()) {
                    RecordingWorld.Frames f = frames.get(rec.scenario() + "\u0000" + rec.robot() + "\u0000"
                        + rec.condition() + "\u0000" + rec.seed());
                    String file = String.join("_", stack, rec.scenario(), rec.robot(), rec.condition(),
                        String.valueOf(rec.seed())) + ".gif";
                    if (f != null) {
                        Gif.write(f.frames(), (int) (GIF_FRAME_S * 1000), new String[] {
                            stack + " " + rec.scenario() + " " + rec.condition(),
                            rec.success() ? "success" : "fail: " + rec.failureReason().split(":", 2)[0]},
                            dir.resolve(file));
                    }
                    if (Files.isRegularFile(dir.resolve(file))) {
                        clips.add(new Clip(file, stack, rec.scenario(), rec.condition(), rec.robot(), rec.seed(),
                            f == null ? "" : f.instruction(), rec.success(), rec.failureReason()));
                    }
                }
            }
            stderr.printf("recorded %d video episode(s) of %s%n", r.ran(), stack);
        }
        List<Clip> old = Clip.readAll(out);
        for (Clip c : old) {
            if (clips.stream().noneMatch(x -> x.file().equals(c.file()))) {
                clips.add(c); // kept from an earlier session; its instruction is in the old index
            }
        }
        Clip.writeAll(out, clips);
    }

    // ------------------------------------------------------------------ table

    private void printTable(List<EpisodeRecord> records) {
        Summary s = Summary.of(records, interval);
        int condWidth = Math.max(7, s.scenarios().stream().mapToInt(g -> g.condition().length()).max().orElse(0));
        stdout.printf("%-32s %-12s %-" + condWidth + "s %7s %5s  %s%n", "stack", "scenario", "cond", "success", "rate",
            interval.label() + " 95%");
        String row = "%-32s %-12s %-" + condWidth + "s %7s %4.0f%% [%.2f,%.2f]%n";
        for (Summary.ScenarioGroup g : s.scenarios()) {
            g.stacks().forEach((stack, grp) -> stdout.printf(Locale.ROOT, row,
                label(stack), g.scenario(), g.condition(), grp.successes() + "/" + grp.episodes(),
                100 * grp.successRate(), grp.ci95()[0], grp.ci95()[1]));
        }
        stdout.printf("%n%-32s %-10s %9s %11s %10s %8s%n", "stack", "loop", "target Hz", "achieved Hz",
            "p99 ms", "misses");
        s.stacks().forEach((stack, grp) -> grp.loops().forEach((loop, l) -> stdout.printf(Locale.ROOT,
            "%-32s %-10s %9.1f %11.1f %10.1f %8d%n", label(stack), loop, l.targetHz(), l.achievedHz(),
            l.latencyMs().p99(), l.deadlineMisses())));
    }

    private String label(String stackKey) {
        int at = stackKey.indexOf('@');
        String base = at < 0 ? stackKey : stackKey.substring(0, at);
        StackProvider p = plan.stacks().get(base);
        return (p != null && p.privileged() ? base + " (privileged)" : base) + (at < 0 ? "" : stackKey.substring(at));
    }

    // ------------------------------------------------------------------ progress

    /**
     * One console line per distinct failure of a run: the first episode of each stack that fails with a
     * given reason (numbers ignored when comparing, so a detail that differs only in values counts once),
     * at most {@value #MAX} lines, then one line pointing at the report.
     */
    static final class FailureLines {
        static final int MAX = 20;
        private final java.util.Set<String> shown = new java.util.HashSet<>();
        private boolean capped;

        /** The line to print for {@code r}, or null (a success, or a failure already shown). */
        String firstOf(EpisodeRecord r) {
            if (r.success() || r.failureReason() == null) {
                return null;
            }
            if (!shown.add(r.stack() + "\u0000" + r.failureReason().replaceAll("[0-9]+(\\.[0-9]+)?", "#"))) {
                return null;
            }
            if (shown.size() > MAX) {
                if (capped) {
                    return null;
                }
                capped = true;
                return "[bench] more than " + MAX + " distinct failures; every reason is in episodes.jsonl and "
                    + "report.md's failure table";
            }
            return "[bench] " + r.stack() + " failed " + r.scenario() + "/" + r.robot() + "/" + r.condition()
                + " seed " + r.seed() + (r.variant().isEmpty() ? "" : " (" + r.variant() + ")") + ": " + r.failureReason()
                + " (first episode with this failure)";
        }
    }

    /** Polls the store: a progress bar on a terminal, a log line every few seconds otherwise. */
    private final class Progress implements Runnable {
        private final ResultsStore store;
        private final int before;
        private final long t0 = System.nanoTime();
        private final FailureLines failures = new FailureLines();
        private volatile boolean stopped;
        private int seen;

        Progress(ResultsStore store, int before) {
            this.store = store;
            this.before = before;
            this.seen = before; // failures of a resumed run's earlier episodes were shown then
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            int total = plan.specs().size();
            ProgressBar bar = tty ? new ProgressBarBuilder().setTaskName("bench").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(stderr))
                .setUpdateIntervalMillis(500).build() : null;
            int lastLogged = -1;
            long lastLogNanos = 0;
            try {
                while (true) {
                    boolean last = stopped;
                    List<EpisodeRecord> recs = store.records();
                    int done = recs.size();
                    String stats = perStack(recs);
                    for (; seen < done; seen++) {
                        String line = failures.firstOf(recs.get(seen));
                        if (line != null) {
                            stderr.println((bar != null ? "\r" : "") + line);
                        }
                    }
                    if (bar != null) {
                        bar.stepTo(done);
                        bar.setExtraMessage(stats);
                    } else if (done != lastLogged && (last || System.nanoTime() - lastLogNanos > 5_000_000_000L)) {
                        stderr.printf(Locale.ROOT, "[bench] %d/%d episodes (%.0f%%) | %s | ETA %s%n", done, total,
                            100.0 * done / total, stats, eta(done, total));
                        lastLogged = done;
                        lastLogNanos = System.nanoTime();
                    }
                    if (last) {
                        break;
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        }

        private String eta(int done, int total) {
            int ran = done - before;
            if (ran <= 0) {
                return "?";
            }
            double perEp = (System.nanoTime() - t0) / 1e9 / ran;
            long s = Math.round(perEp * (total - done));
            return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
        }

        private String perStack(List<EpisodeRecord> recs) {
            Map<String, int[]> by = new TreeMap<>();
            for (EpisodeRecord r : recs) {
                int[] kn = by.computeIfAbsent(r.stack(), k -> new int[2]);
                kn[0] += r.success() ? 1 : 0;
                kn[1]++;
            }
            StringBuilder sb = new StringBuilder();
            by.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v[0]).append('/')
                .append(v[1]));
            return sb.length() == 0 ? "no episodes yet" : "success " + sb;
        }
    }
}
