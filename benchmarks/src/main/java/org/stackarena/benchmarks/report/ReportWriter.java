package org.stackarena.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.Summary;
import org.stackarena.benchmarks.compare.Statistics;
import org.stackarena.scenarios.RobustnessAxes;

/**
 * Writes a run directory's reports from its records: {@code summary.json} (the harness's
 * {@link Summary}), {@code report.md} (tables, plots linked from {@code plots/*.png}) and a
 * self-contained {@code report.html} (the same tables, plots and GIFs embedded as base64).
 */
public final class ReportWriter {

    /** File names in the run directory. */
    public static final String MD = "report.md";
    /** The HTML report. */
    public static final String HTML = "report.html";
    /** Plot folder. */
    public static final String PLOTS = "plots";

    private final RunDir run;
    private final IntervalMethod interval;
    private final List<EpisodeRecord> records;
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    private ReportWriter(RunDir run, IntervalMethod interval) {
        this.run = run;
        this.interval = interval;
        this.records = run.records();
    }

    /** Writes all reports of {@code dir} with the default interval ({@link IntervalMethod#DEFAULT}). */
    public static List<Path> write(Path dir) throws IOException {
        return write(dir, IntervalMethod.DEFAULT);
    }

    /**
     * Writes all reports of {@code dir}; success rates get {@code interval}'s 95% intervals, and
     * summary.json and the reports name the method.
     *
     * @return the paths written: summary.json, report.md, report.html
     */
    public static List<Path> write(Path dir, IntervalMethod interval) throws IOException {
        RunDir run = RunDir.read(dir);
        Summary.of(run.records(), interval).write(dir);
        ReportWriter w = new ReportWriter(run, interval);
        w.render();
        Path md = dir.resolve(MD);
        Path html = dir.resolve(HTML);
        Files.writeString(md, w.md, StandardCharsets.UTF_8);
        Files.writeString(html, w.html, StandardCharsets.UTF_8);
        return List.of(dir.resolve(Summary.FILE_NAME), md, html);
    }

    // ------------------------------------------------------------------ structure

    private void render() throws IOException {
        RunInfo info = run.info();
        String title = "StackArena run " + run.dir().getFileName();
        md.append("# ").append(title).append("\n\n");
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f0f0f0}"
                + "img.plot{max-width:100%;border:1px solid #eee}figure{display:inline-block;margin:6px}"
                + "figcaption{font-size:12px;max-width:260px}code{background:#f6f6f6}"
                + "table.matrix td{text-align:center;min-width:58px;padding:2px 4px;font-size:13px;cursor:default}"
                + "table.matrix small{font-size:10px}table.matrix td:first-child{text-align:left}"
                + "#tip{position:absolute;display:none;background:#222;color:#fff;padding:4px 8px;font-size:12px;"
                + "border-radius:3px;max-width:520px;pointer-events:none;z-index:10;white-space:pre-line}"
                + ReplaySection.css() + "</style></head><body>\n");
        html.append("<h1>").append(esc(title)).append("</h1>\n");
        runSection(info);
        timingSection(info);
        successSection();
        replaySection();
        labFieldSection();
        robustnessSection();
        sweepSection(info);
        loopSection();
        realtimeSection();
        failureSection();
        videoSection();
        html.append("<div id=\"tip\"></div>\n<script>\n").append(ReplaySection.resource("tips.js"))
            .append("</script>\n</body></html>\n");
    }

    private void runSection(RunInfo info) {
        h2("Run");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"episodes", String.valueOf(records.size())});
        rows.add(new String[] {"success intervals", intervalDescription()});
        if (info != null) {
            rows.add(new String[] {"command", String.join(" ", info.command())});
            rows.add(new String[] {"git commit", String.valueOf(info.gitCommit())});
            if (info.machine() != null) {
                rows.add(new String[] {"machine", info.machine().cores() + " cores, " + info.machine().jvm() + ", "
                    + info.machine().os()});
            }
            rows.add(new String[] {"suite", String.valueOf(info.suite())});
            if (info.seeds() != null) {
                rows.add(new String[] {"seed set", info.seeds().name() + " (" + info.seeds().count()
                    + " seeds, hash " + info.seeds().hash() + ")"});
            }
            rows.add(new String[] {"workers", String.valueOf(info.workers())});
            if (info.cluster() != null) {
                RunInfo.Cluster c = info.cluster();
                rows.add(new String[] {"engine", c.engine() + " on " + c.master() + ": " + c.executors()
                    + " executor(s), " + c.cores() + " cores" + (c.executorsLost() > 0 ? ", " + c.executorsLost()
                    + " executor(s) lost" : "")});
                c.errors().forEach(e -> rows.add(new String[] {"engine error", e}));
            }
            rows.add(new String[] {"started / ended", info.started() + " / " + (info.ended() == null
                ? "(not finished)" : info.ended())});
            if (info.wallTimeS() != null) {
                rows.add(new String[] {"wall time", String.format(Locale.ROOT, "%.1f s", info.wallTimeS())});
            }
            if (info.timing() != null) {
                rows.add(new String[] {"timing profile", info.timing().profile()});
            }
            if (info.timing() != null && !info.timing().latency().isEmpty()) {
                rows.add(new String[] {"latency overrides", info.timing().latency().toString()});
            }
            if (info.timing() != null && !info.timing().rate().isEmpty()) {
                rows.add(new String[] {"rate overrides", info.timing().rate().toString()});
            }
            if (info.stacks() != null) {
                for (RunInfo.StackInfo s : info.stacks()) {
                    rows.add(new String[] {"stack " + run.label(s.name()), s.description()});
                }
            }
        } else {
            rows.add(new String[] {"run.json", "missing (command, commit, machine and seed set unknown)"});
        }
        table(new String[] {"what", "value"}, rows);
    }

    /** The timing fingerprint: every stack's loops as the run timed them. */
    private void timingSection(RunInfo info) {
        if (info == null || info.timing() == null || info.timing().stacks() == null) {
            return;
        }
        RunInfo.TimingInfo t = info.timing();
        h2("Timing (profile " + t.profile() + ", MuJoCo " + t.mujoco() + ")");
        List<String[]> rows = new ArrayList<>();
        t.stacks().forEach((stack, st) -> st.loops().forEach((loop, l) -> rows.add(new String[] {label(stack), loop,
            l.role(), fmt(l.rateHz()), l.latency(), st.chunking() == null ? "" : st.chunking()})));
        table(new String[] {"stack", "loop", "role", "rate Hz", "latency model", "chunk execution"}, rows);
    }

    private void successSection() {
        h2("Success per stack, scenario and condition");
        Map<String, Map<String, Map<String, Cell>>> cells = new TreeMap<>(); // stack -> scenario -> cond
        TreeSet<String> scenarios = new TreeSet<>();
        TreeSet<String> conditions = new TreeSet<>((a, b) -> a.equals(b) ? 0 : a.equals("lab") ? -1
            : b.equals("lab") ? 1 : a.compareTo(b));
        for (EpisodeRecord r : records) {
            scenarios.add(r.scenario());
            conditions.add(r.condition());
            cells.computeIfAbsent(stackKey(r), k -> new TreeMap<>()).computeIfAbsent(r.scenario(), k -> new TreeMap<>())
                .computeIfAbsent(r.condition(), k -> new Cell()).add(r);
        }
        para("Intervals: " + intervalDescription() + ". Rows: stacks; columns: scenario (task family) x condition;"
            + " each cell: successes/episodes, the rate and its 95% interval, coloured from red (0%) to green (100%);"
            + " hover a cell in report.html for the seeds.");
        List<String> cols = new ArrayList<>();
        for (String sc : scenarios) {
            for (String cond : conditions) {
                cols.add(sc + " " + cond);
            }
        }
        md.append("| stack |");
        cols.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|");
        cols.forEach(c -> md.append(":---:|"));
        md.append('\n');
        html.append("<table class=\"matrix\" id=\"matrix-success\"><tr><th rowspan=\"2\">stack</th>");
        for (String sc : scenarios) {
            html.append("<th colspan=\"").append(conditions.size()).append("\">").append(esc(sc)).append("</th>");
        }
        html.append("</tr>\n<tr>");
        for (int i = 0; i < scenarios.size(); i++) {
            conditions.forEach(c -> html.append("<th>").append(esc(c)).append("</th>"));
        }
        html.append("</tr>\n");
        List<String[]> rows = new ArrayList<>();
        cells.forEach((stack, bySc) -> {
            md.append("| ").append(label(stack)).append(" |");
            html.append("<tr><td>").append(esc(label(stack))).append("</td>");
            for (String sc : scenarios) {
                for (String cond : conditions) {
                    Cell c = bySc.getOrDefault(sc, Map.of()).get(cond);
                    if (c == null) {
                        md.append(" - |");
                        html.append("<td>-</td>");
                        continue;
                    }
                    double[] ci = interval.interval(c.k, c.n);
                    String range = String.format(Locale.ROOT, "[%.2f, %.2f]", ci[0], ci[1]);
                    rows.add(new String[] {label(stack), sc, cond, c.k + "/" + c.n, pct(c.k, c.n), range});
                    md.append(' ').append(c.k).append('/').append(c.n).append(' ').append(pct(c.k, c.n)).append(' ')
                        .append(range).append(" |");
                    String tipText = label(stack) + " | " + sc + " | " + cond + "\n" + c.k + "/" + c.n
                        + " successes (" + pct(c.k, c.n) + "), " + ciHead() + " " + range + "\nsucceeded: "
                        + c.seeds(true) + "\nfailed: " + c.seeds(false);
                    html.append(String.format(Locale.ROOT, "<td style=\"background:hsl(%.0f,70%%,82%%)\" data-tip=\"",
                        120.0 * c.k / c.n)).append(esc(tipText)).append("\">").append(c.k).append('/').append(c.n)
                        .append("<br><b>").append(pct(c.k, c.n)).append("</b><br><small>").append(range)
                        .append("</small></td>");
                }
            }
            md.append('\n');
            html.append("</tr>\n");
        });
        md.append('\n');
        html.append("</table>\n<details><summary>the same as a list</summary>\n");
        table(new String[] {"stack", "scenario", "condition", "success", "rate", ciHead()}, rows);
        html.append("</details>\n");
    }

    /** Successes, episodes and seeds of one matrix cell. */
    private static final class Cell {
        int k;
        int n;
        final TreeMap<Long, Boolean> seeds = new TreeMap<>();

        void add(EpisodeRecord r) {
            k += r.success() ? 1 : 0;
            n++;
            seeds.put(r.seed(), r.success());
        }

        String seeds(boolean success) {
            List<String> out = new ArrayList<>();
            seeds.forEach((s, ok) -> {
                if (ok == success) {
                    out.add(String.valueOf(s));
                }
            });
            return out.isEmpty() ? "none" : String.join(", ", out);
        }
    }

    private void replaySection() throws IOException {
        List<ReplaySection.Entry> entries = ReplaySection.entries(run.dir());
        if (entries.isEmpty()) {
            return;
        }
        h2("Replay: episodes in 3D and their loop timelines");
        ReplaySection.markdown(md, run.dir(), entries);
        ReplaySection.html(html, entries);
    }

    private void labFieldSection() throws IOException {
        h2("Lab to field drop");
        Map<String, Map<String, int[]>> by = new TreeMap<>();
        for (EpisodeRecord r : records) {
            int[] kn = by.computeIfAbsent(stackKey(r), k -> new TreeMap<>()).computeIfAbsent(r.condition(),
                k -> new int[2]);
            kn[0] += r.success() ? 1 : 0;
            kn[1]++;
        }
        List<String[]> rows = new ArrayList<>();
        List<String> stacks = new ArrayList<>();
        List<Double> lab = new ArrayList<>();
        List<Double> field = new ArrayList<>();
        by.forEach((stack, m) -> {
            int[] l = m.getOrDefault("lab", new int[2]);
            int[] f = m.getOrDefault("field", new int[2]);
            String drop = l[1] > 0 && f[1] > 0 ? String.format(Locale.ROOT, "%+.1f pp",
                100.0 * ((double) f[0] / f[1] - (double) l[0] / l[1])) : "n/a";
            rows.add(new String[] {label(stack), l[1] > 0 ? l[0] + "/" + l[1] + " (" + pct(l[0], l[1]) + ")" : "-",
                f[1] > 0 ? f[0] + "/" + f[1] + " (" + pct(f[0], f[1]) + ")" : "-", drop});
            stacks.add(label(stack));
            lab.add(l[1] > 0 ? (double) l[0] / l[1] : 0.0);
            field.add(f[1] > 0 ? (double) f[0] / f[1] : 0.0);
        });
        table(new String[] {"stack", "lab", "field", "field - lab"}, rows);
        Map<String, List<Double>> s = new LinkedHashMap<>();
        s.put("lab", lab);
        s.put("field", field);
        plot("lab_field", "Success in lab vs field per stack",
            Charts.bars("Lab vs field success per stack", "stack", "success rate", stacks, s, 1.0));
    }

    /**
     * The sensitivity table: for each stack and robustness axis, success at each graded level next
     * to the lab episodes of the same seeds (paired by stack, scenario, robot and seed; McNemar's
     * exact two-sided test on the discordant pairs), and success-vs-intensity plots per axis.
     */
    private void robustnessSection() throws IOException {
        RobustnessAxes axes = RobustnessAxes.shipped();
        Map<String, Map<String, EpisodeRecord>> byCondition = new TreeMap<>(); // condition -> pair key -> record
        for (EpisodeRecord r : records) {
            byCondition.computeIfAbsent(r.condition(), k -> new LinkedHashMap<>()).put(pairKey(r), r);
        }
        List<RobustnessAxes.Axis> present = axes.axes().stream()
            .filter(a -> a.conditionNames().stream().anyMatch(byCondition::containsKey)).toList();
        Map<String, EpisodeRecord> lab = byCondition.get("lab");
        if (present.isEmpty() || lab == null) {
            return;
        }
        h2("Robustness: one axis at a time, paired with lab by seed");
        para("Each axis of conditions/axes.json changes one thing (its levels graded mildest first; level 0 is lab). "
            + "Cells: successes/episodes and rate, then the change from the lab episodes of the same stack, "
            + "scenario, robot and seed in percentage points and McNemar's exact two-sided p on the discordant "
            + "pairs; 'v' marks a significant drop (p < 0.05). Intervals in the plots: " + intervalDescription()
            + ".");
        TreeSet<String> stacks = new TreeSet<>();
        records.forEach(r -> stacks.add(stackKey(r)));
        Map<String, Map<String, List<Charts.Point>>> plots = new LinkedHashMap<>(); // axis -> stack -> points
        List<String[]> progression = new ArrayList<>();
        for (String stack : stacks) {
            List<String[]> rows = new ArrayList<>();
            int[] labKn = count(lab.values(), stack);
            double worst = 1;
            String worstAt = "-";
            int axisK = 0;
            int axisN = 0;
            for (RobustnessAxes.Axis a : present) {
                List<String> row = new ArrayList<>(List.of(a.name() + " (" + a.unit() + ")",
                    labKn[0] + "/" + labKn[1] + " " + pct(labKn[0], labKn[1])));
                List<Charts.Point> pts = plots.computeIfAbsent(a.name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(label(stack), k -> new ArrayList<>());
                if (labKn[1] > 0) {
                    double[] ci = interval.interval(labKn[0], labKn[1]);
                    pts.add(new Charts.Point(a.nominal(), (double) labKn[0] / labKn[1], ci[0], ci[1]));
                }
                for (RobustnessAxes.Level l : a.levels()) {
                    Map<String, EpisodeRecord> level = byCondition.getOrDefault(l.condition(), Map.of());
                    int[] kn = count(level.values(), stack);
                    if (kn[1] == 0) {
                        row.add("-");
                        continue;
                    }
                    int lost = 0;
                    int gained = 0;
                    int pairs = 0;
                    for (EpisodeRecord r : level.values()) {
                        EpisodeRecord base = stackKey(r).equals(stack) ? lab.get(pairKey(r)) : null;
                        if (base != null) {
                            pairs++;
                            lost += base.success() && !r.success() ? 1 : 0;
                            gained += !base.success() && r.success() ? 1 : 0;
                        }
                    }
                    double p = Statistics.mcNemarTwoSided(lost, gained);
                    String delta = pairs == 0 ? "unpaired" : String.format(Locale.ROOT, "%+.0f pp, p=%.2f%s",
                        100.0 * (gained - lost) / pairs, p, p < 0.05 && lost > gained ? " v" : "");
                    row.add(kn[0] + "/" + kn[1] + " " + pct(kn[0], kn[1]) + " (" + delta + ")");
                    double[] ci = interval.interval(kn[0], kn[1]);
                    pts.add(new Charts.Point(l.intensity(), (double) kn[0] / kn[1], ci[0], ci[1]));
                    axisK += kn[0];
                    axisN += kn[1];
                    if ((double) kn[0] / kn[1] < worst) {
                        worst = (double) kn[0] / kn[1];
                        worstAt = l.condition() + " " + pct(kn[0], kn[1]);
                    }
                }
                while (row.size() < 5) {
                    row.add("");
                }
                rows.add(row.toArray(String[]::new));
            }
            md.append("**").append(label(stack)).append("**\n\n");
            html.append("<h3>").append(esc(label(stack))).append("</h3>\n");
            table(new String[] {"axis", "lab (level 0)", "level 1", "level 2", "level 3"}, rows);
            Map<String, EpisodeRecord> field = byCondition.get("field");
            int[] fieldKn = field == null ? new int[2] : count(field.values(), stack);
            progression.add(new String[] {label(stack), labKn[0] + "/" + labKn[1] + " " + pct(labKn[0], labKn[1]),
                axisN == 0 ? "-" : axisK + "/" + axisN + " " + pct(axisK, axisN), worstAt,
                fieldKn[1] == 0 ? "(not run)" : fieldKn[0] + "/" + fieldKn[1] + " " + pct(fieldKn[0], fieldKn[1])});
        }
        para("From lab to one axis at a time to every field perturbation at once:");
        table(new String[] {"stack", "lab", "single axis (all levels pooled)", "worst single level", "field (all on)"},
            progression);
        for (Map.Entry<String, Map<String, List<Charts.Point>>> e : plots.entrySet()) {
            RobustnessAxes.Axis a = axes.axis(e.getKey()).orElseThrow();
            plot("robustness_" + a.name(), "Success vs " + a.name() + " (" + a.unit() + ")",
                Charts.successVsLatency("Success vs " + a.name(), a.unit(), ciHead(), e.getValue()));
        }
    }

    /** Pairs episodes across conditions: the same stack (and variant), scenario, robot and seed. */
    private static String pairKey(EpisodeRecord r) {
        return stackKey(r) + "|" + r.scenario() + "|" + r.robot() + "|" + r.seed();
    }

    private static int[] count(java.util.Collection<EpisodeRecord> rs, String stack) {
        int[] kn = new int[2];
        for (EpisodeRecord r : rs) {
            if (stackKey(r).equals(stack)) {
                kn[0] += r.success() ? 1 : 0;
                kn[1]++;
            }
        }
        return kn;
    }

    private void sweepSection(RunInfo info) throws IOException {
        if (info == null || info.sweep() == null) {
            return;
        }
        RunInfo.Sweep sw = info.sweep();
        String quantity = sw.rate() ? "loop rate" : "modelled latency";
        h2("Success vs " + quantity + " (sweep of " + sw.param() + ")");
        Map<String, List<Charts.Point>> series = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        Map<String, Map<String, int[]>> by = new TreeMap<>();
        for (EpisodeRecord r : records) {
            int[] kn = by.computeIfAbsent(r.stack(), k -> new TreeMap<>()).computeIfAbsent(r.variant(),
                k -> new int[2]);
            kn[0] += r.success() ? 1 : 0;
            kn[1]++;
        }
        by.forEach((stack, m) -> {
            for (int i = 0; i < sw.variants().size(); i++) {
                int[] kn = m.get(sw.variants().get(i));
                if (kn == null) {
                    continue;
                }
                double[] ci = interval.interval(kn[0], kn[1]);
                double x = sw.values().get(i);
                series.computeIfAbsent(label(stack), k -> new ArrayList<>())
                    .add(new Charts.Point(x, (double) kn[0] / kn[1], ci[0], ci[1]));
                rows.add(new String[] {label(stack), sw.variants().get(i), kn[0] + "/" + kn[1], pct(kn[0], kn[1]),
                    String.format(Locale.ROOT, "[%.2f, %.2f]", ci[0], ci[1])});
            }
        });
        table(new String[] {"stack", "variant", "success", "rate", ciHead()}, rows);
        plot("sweep", "Success vs " + quantity + " of " + sw.loop(),
            Charts.successVsLatency("Success vs " + sw.param(), sw.param() + (sw.rate() ? " (Hz)" : " (ms)"),
                ciHead(), series));
    }

    private void loopSection() throws IOException {
        h2("Loops: achieved rate, modelled latency, deadline misses");
        Summary s = Summary.of(records);
        List<String[]> rows = new ArrayList<>();
        List<String> cats = new ArrayList<>();
        Map<String, List<Double>> lat = new LinkedHashMap<>();
        lat.put("p50", new ArrayList<>());
        lat.put("p99", new ArrayList<>());
        lat.put("max", new ArrayList<>());
        s.stacks().forEach((stack, g) -> g.loops().forEach((loop, l) -> {
            rows.add(new String[] {label(stack), loop, fmt(l.targetHz()), fmt(l.achievedHz()),
                fmt(l.latencyMs().p50()), fmt(l.latencyMs().p99()), fmt(l.latencyMs().max()),
                String.valueOf(l.deadlineMisses())});
            cats.add(label(stack) + ":" + loop);
            lat.get("p50").add(l.latencyMs().p50());
            lat.get("p99").add(l.latencyMs().p99());
            lat.get("max").add(l.latencyMs().max());
        }));
        table(new String[] {"stack", "loop", "target Hz", "achieved Hz", "latency p50 ms", "p99 ms", "max ms",
            "deadline misses"}, rows);
        if (!cats.isEmpty()) {
            plot("latency", "Modelled latency per loop (p50 and p99: means of per-episode values; max: overall)",
                Charts.bars("Modelled latency per stack:loop", "stack:loop", "ms", cats, lat, null));
        }
    }

    private void realtimeSection() {
        h2("Real-time factor");
        Map<String, double[]> by = new TreeMap<>(); // n, sim, wall, overruns, collisions
        for (EpisodeRecord r : records) {
            double[] a = by.computeIfAbsent(stackKey(r), k -> new double[5]);
            a[0]++;
            a[1] += r.simTimeS();
            a[2] += r.wallTimeS();
            a[3] += r.wallRealtimeOverruns();
            a[4] += r.collisions();
        }
        List<String[]> rows = new ArrayList<>();
        by.forEach((stack, a) -> rows.add(new String[] {label(stack), String.valueOf((int) a[0]), fmt(a[1]),
            fmt(a[2]), a[2] > 0 ? fmt(a[1] / a[2]) : "-", String.valueOf((long) a[4])}));
        table(new String[] {"stack", "episodes", "sim time s", "wall time s", "real-time factor (sim/wall)",
            "collisions"}, rows);
    }

    /** Distinct failure details shown per stack and reason in the failure table. */
    static final int DETAILS_SHOWN = 3;
    /** Longest detail shown in the failure table, characters. */
    static final int DETAIL_CHARS = 300;

    private void failureSection() throws IOException {
        h2("Failure reasons");
        Map<String, Map<String, Integer>> by = new TreeMap<>();
        Map<String, Map<String, Map<String, Integer>>> details = new TreeMap<>(); // stack -> code -> detail -> n
        TreeSet<String> reasons = new TreeSet<>();
        for (EpisodeRecord r : records) {
            if (r.success()) {
                continue;
            }
            String[] parts = r.failureReason() == null ? new String[] {"unknown"} : r.failureReason().split(":", 2);
            String reason = parts[0].strip();
            reasons.add(reason);
            by.computeIfAbsent(stackKey(r), k -> new TreeMap<>()).merge(reason, 1, Integer::sum);
            if (parts.length > 1 && !parts[1].isBlank()) {
                details.computeIfAbsent(stackKey(r), k -> new TreeMap<>())
                    .computeIfAbsent(reason, k -> new LinkedHashMap<>()).merge(parts[1].strip(), 1, Integer::sum);
            }
        }
        if (reasons.isEmpty()) {
            para("No failures.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        by.forEach((stack, m) -> {
            m.forEach((reason, n) -> rows.add(new String[] {label(stack), reason, String.valueOf(n),
                detailCell(details.getOrDefault(stack, Map.of()).getOrDefault(reason, Map.of()))}));
            List<Double> v = new ArrayList<>();
            reasons.forEach(x -> v.add((double) m.getOrDefault(x, 0)));
            series.put(label(stack), v);
        });
        table(new String[] {"stack", "failure reason", "episodes", "details (episodes)"}, rows);
        plot("failures", "Failure reasons (code before ':')",
            Charts.bars("Failure reasons per stack", "reason", "episodes", new ArrayList<>(reasons), series, null));
    }

    /** Most frequent details first (ties in order of first appearance), at most {@value #DETAILS_SHOWN}. */
    static String detailCell(Map<String, Integer> details) {
        if (details.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(details.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: first seen wins ties
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(DETAILS_SHOWN, sorted.size()); i++) {
            String d = sorted.get(i).getKey();
            sb.append(i == 0 ? "" : "; ").append(d.length() <= DETAIL_CHARS ? d : d.substring(0, DETAIL_CHARS - 3) + "...")
                .append(" (").append(sorted.get(i).getValue()).append(')');
        }
        if (sorted.size() > DETAILS_SHOWN) {
            sb.append("; +").append(sorted.size() - DETAILS_SHOWN).append(" other details (episodes.jsonl)");
        }
        return sb.toString();
    }

    private void videoSection() throws IOException {
        List<Clip> clips = Clip.readAll(run.dir());
        if (clips.isEmpty()) {
            return;
        }
        h2("Episode videos (front camera)");
        for (Clip c : clips) {
            Path gif = run.dir().resolve(Clip.DIR).resolve(c.file());
            if (!Files.isRegularFile(gif)) {
                continue;
            }
            String cap = c.caption().replace(c.stack() + " |", run.label(c.stack()) + " |");
            md.append("![").append(cap.replace("]", ")")).append("](").append(Clip.DIR).append('/').append(c.file())
                .append(")\n\n*").append(cap).append("*\n\n");
            html.append("<figure><img alt=\"").append(esc(cap)).append("\" src=\"data:image/gif;base64,")
                .append(Base64.getEncoder().encodeToString(Files.readAllBytes(gif))).append("\"><figcaption>")
                .append(esc(cap)).append("</figcaption></figure>\n");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String stackKey(EpisodeRecord r) {
        return r.variant().isEmpty() ? r.stack() : r.stack() + "@" + r.variant();
    }

    private String label(String stackKey) {
        int at = stackKey.indexOf('@');
        String base = at < 0 ? stackKey : stackKey.substring(0, at);
        return run.label(base) + (at < 0 ? "" : stackKey.substring(at));
    }

    private void plot(String name, String caption, byte[] png) throws IOException {
        Path dir = run.dir().resolve(PLOTS);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), png);
        md.append("![").append(caption).append("](").append(PLOTS).append('/').append(name).append(".png)\n\n");
        html.append("<p><img class=\"plot\" id=\"plot-").append(name).append("\" alt=\"").append(esc(caption))
            .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
            .append("\"></p>\n");
    }

    /** The column head of the interval, e.g. "Clopper-Pearson 95%". */
    private String ciHead() {
        return interval.label() + " 95%";
    }

    private String intervalDescription() {
        return interval.description() + " (--interval " + interval.id() + ")";
    }

    private void h2(String t) {
        md.append("## ").append(t).append("\n\n");
        html.append("<h2>").append(esc(t)).append("</h2>\n");
    }

    private void para(String t) {
        md.append(t).append("\n\n");
        html.append("<p>").append(esc(t)).append("</p>\n");
    }

    private void table(String[] head, List<String[]> rows) {
        mdTable(head, rows);
        htmlTable(head, rows);
    }

    private void mdTable(String[] head, List<String[]> rows) {
        md.append('|');
        for (String h : head) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|");
        for (int i = 0; i < head.length; i++) {
            md.append(i == 0 ? "---|" : "---:|");
        }
        md.append('\n');
        for (String[] r : rows) {
            md.append('|');
            for (String c : r) {
                md.append(' ').append(c.replace("|", "\\|")).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void htmlTable(String[] head, List<String[]> rows) {
        html.append("<table><tr>");
        for (String h : head) {
            html.append("<th>").append(esc(h)).append("</th>");
        }
        html.append("</tr>\n");
        for (String[] r : rows) {
            html.append("<tr>");
            for (String c : r) {
                html.append("<td>").append(esc(c)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    static String pct(int k, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * k / n);
    }

    static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\"", "&quot;");
    }
}
