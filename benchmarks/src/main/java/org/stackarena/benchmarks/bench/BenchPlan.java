package org.stackarena.benchmarks.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.benchmarks.report.RunInfo;
import org.stackarena.scenarios.Condition;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.Scenario;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.Suite;
import org.stackarena.seeds.SeedSet;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.ReferenceStackProviders;
import org.stackarena.api.StackProvider;

/**
 * What a bench or sweep run will do, resolved and validated from the command-line options before
 * anything runs: every mistake is a {@link UserInputException} naming the option and value.
 *
 * @param suite the suite
 * @param scenarios scenarios by id, in run order
 * @param seeds the seed set
 * @param conditions conditions by the name records carry
 * @param robots robot ids
 * @param stacks stack providers by name
 * @param latency {@code --latency} overrides, loop to model
 * @param variants variants (a bench run has one, labelled ""); a sweep one per value
 * @param sweep the sweep, null for bench
 * @param specs the episodes, ordered scenario, robot, condition, variant, seed, stack so that a
 *     worker keeps its world while stacks take turns on it
 * @param chunking the {@code --chunking} strategy in canonical form, handed to every stack provider
 *     ({@link org.stackarena.api.StackContext#chunkExecution}); null: each stack's own
 */
public record BenchPlan(Suite suite, Map<String, Scenario> scenarios, SeedSet seeds, Map<String, Condition> conditions,
                        List<String> robots, Map<String, StackProvider> stacks, Map<String, LatencyModel> latency,
                        List<Variant> variants, RunInfo.Sweep sweep, List<EpisodeSpec> specs, String chunking) {

    /**
     * @param label variant label ("" for none)
     * @param latency latency overrides by loop ({@code *}: every loop)
     * @param latencyMs nominal latency in ms (sweeps), NaN otherwise
     */
    public record Variant(String label, Map<String, LatencyModel> latency, double latencyMs) {}

    /**
     * The options bench and sweep share.
     *
     * @param suite suite name
     * @param stacks stack names, or ["all"]
     * @param conditions condition names or files, null for the suite's
     * @param robots robot ids, null for the suite's
     * @param scenarioIds scenario ids to run, null for all
     * @param scenariosPath user scenario file or folder, null for the shipped ones
     * @param seeds seed-set name or file, null for the suite's
     * @param latency {@code LOOP=MODEL} overrides
     * @param sweepParam {@code LOOP.latency=V1,V2,...ms}, null for bench
     * @param policies {@code --policy} values: {@code DIR} or {@code NAME=DIR}; may be null
     * @param stackClasses {@code --stack-class} class names; may be null
     * @param chunking {@code --chunking} value, null for none
     */
    public record Options(String suite, List<String> stacks, List<String> conditions, List<String> robots,
                          List<String> scenarioIds, Path scenariosPath, String seeds, List<String> latency,
                          String sweepParam, List<String> policies, List<String> stackClasses, String chunking) {

        /** Options without {@code --chunking}. */
        public Options(String suite, List<String> stacks, List<String> conditions, List<String> robots,
                       List<String> scenarioIds, Path scenariosPath, String seeds, List<String> latency,
                       String sweepParam, List<String> policies, List<String> stackClasses) {
            this(suite, stacks, conditions, robots, scenarioIds, scenariosPath, seeds, latency, sweepParam, policies,
                stackClasses, null);
        }
    }

    /** Resolves {@code o}. */
    public static BenchPlan resolve(Options o) {
        Suite suite = Suite.load(o.suite());
        Map<String, Scenario> all = o.scenariosPath() != null ? ScenarioLoader.fromPath(o.scenariosPath())
            : ScenarioLoader.shipped();
        List<String> ids = o.scenarioIds() != null ? o.scenarioIds()
            : o.scenariosPath() != null ? new ArrayList<>(all.keySet()) : suite.scenarios();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (String id : ids) {
            Scenario s = all.get(id);
            if (s == null) {
                throw new UserInputException("--scenario " + id + ": no such scenario (have: "
                    + String.join(", ", all.keySet()) + ")");
            }
            scenarios.put(id, s);
        }
        SeedSet seeds;
        try {
            seeds = SeedSet.load(o.seeds() != null ? o.seeds() : suite.seeds());
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--seeds " + e.getMessage());
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (String c : o.conditions() != null ? o.conditions() : suite.conditions()) {
            Condition cond = ConditionLoader.load(c);
            conditions.put(cond.name(), cond);
        }
        List<String> robots = o.robots() != null ? o.robots() : suite.robots();
        for (String r : robots) {
            if (!ScenarioLoader.ROBOTS.contains(r)) {
                throw new UserInputException("--robot " + r + ": unknown robot (have: "
                    + String.join(", ", new java.util.TreeSet<>(ScenarioLoader.ROBOTS)) + ")");
            }
        }
        Map<String, StackProvider> stacks = stacks(o.stacks(), o.policies(), o.stackClasses());
        String chunking = chunking(o.chunking());
        Map<String, LatencyModel> latency = latency(o.latency());
        List<Variant> variants = new ArrayList<>();
        RunInfo.Sweep sweep = null;
        if (o.sweepParam() == null) {
            variants.add(new Variant("", latency, Double.NaN));
        } else {
            sweep = sweep(o.sweepParam(), latency, variants);
        }
        List<EpisodeSpec> specs = new ArrayList<>();
        for (Scenario s : scenarios.values()) {
            for (String robot : robots) {
                if (!s.robots().contains(robot)) {
                    continue;
                }
                for (String cond : conditions.keySet()) {
                    for (Variant v : variants) {
                        for (long seed : seeds.seeds()) {
                            for (String stack : stacks.keySet()) {
                                EpisodeSpec spec = EpisodeSpec.of(s.id(), robot, seed, cond, stack);
                                specs.add(v.label().isEmpty() && v.latency().isEmpty() ? spec
                                    : spec.withVariant(v.label(), v.latency()));
                            }
                        }
                    }
                }
            }
        }
        if (specs.isEmpty()) {
            throw new UserInputException("nothing to run: no scenario of " + scenarios.keySet() + " runs on robots "
                + robots);
        }
        return new BenchPlan(suite, scenarios, seeds, conditions, List.copyOf(robots), stacks, latency,
            List.copyOf(variants), sweep, List.copyOf(specs), chunking);
    }

    /** {@code --chunking}: the strategy's canonical form, or null. */
    static String chunking(String value) {
        if (value == null) {
            return null;
        }
        try {
            return org.stackarena.api.policy.ChunkExecution.parse(value).toString();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--chunking " + value + ": " + e.getMessage());
        }
    }

    /** Whether a provider is one of the reference stacks shipped with the harness. */
    static boolean reference(StackProvider p) {
        return p.getClass().getEnclosingClass() == ReferenceStackProviders.class;
    }

    /**
     * The stacks of {@code --stack} names, {@code --policy} directories and {@code --stack-class}
     * classes. Without {@code --stack}, policies or classes alone run only themselves.
     */
    static Map<String, StackProvider> stacks(List<String> names, List<String> policies, List<String> classes) {
        boolean extra = (policies != null && !policies.isEmpty()) || (classes != null && !classes.isEmpty());
        Map<String, StackProvider> out = new LinkedHashMap<>();
        if (!extra || (names != null && !names.isEmpty())) {
            out.putAll(stacks(names));
        }
        for (String p : policies == null ? List.<String>of() : policies) {
            add(out, "--policy " + p, PolicyDirectories.provider(p));
        }
        for (String c : classes == null ? List.<String>of() : classes) {
            add(out, "--stack-class " + c, ClassStacks.provider(c));
        }
        return out;
    }

    private static void add(Map<String, StackProvider> out, String where, StackProvider p) {
        if (out.containsKey(p.name())) {
            throw new UserInputException(where + ": stack name '" + p.name() + "' is already taken"
                + (where.startsWith("--policy") ? "; name it with --policy NAME=DIR" : ""));
        }
        out.put(p.name(), p);
    }

    static Map<String, StackProvider> stacks(List<String> names) {
        List<StackProvider> found = StackProvider.all();
        Map<String, StackProvider> out = new LinkedHashMap<>();
        if (names == null || names.isEmpty() || names.equals(List.of("all"))) {
            found.stream().filter(p -> !reference(p) && p.includedInAll()).forEach(p -> out.put(p.name(), p));
            if (out.isEmpty()) {
                found.stream().filter(BenchPlan::reference).forEach(p -> out.put(p.name(), p));
            }
            if (out.isEmpty()) {
                throw new UserInputException("--stack all: no stack providers on the classpath");
            }
            return out;
        }
        for (String n : names) {
            try {
                out.put(n, StackProvider.named(n));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--stack " + e.getMessage());
            }
        }
        return out;
    }

    static Map<String, LatencyModel> latency(List<String> specs) {
        Map<String, LatencyModel> out = new TreeMap<>();
        for (String s : specs == null ? List.<String>of() : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--latency " + s + ": expected LOOP=MODEL, e.g. system2=fixed:300ms or "
                    + "*=measured:x3");
            }
            out.put(s.substring(0, eq).strip(), parseModel("--latency " + s, s.substring(eq + 1).strip()));
        }
        return out;
    }

    private static LatencyModel parseModel(String where, String text) {
        try {
            return LatencyModel.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(where + ": " + e.getMessage());
        }
    }

    /** Parses {@code LOOP.latency=V1,V2,...[ms|s]} into variants. */
    static RunInfo.Sweep sweep(String param, Map<String, LatencyModel> base, List<Variant> variants) {
        String where = "--param " + param;
        int eq = param.indexOf('=');
        int dot = eq < 0 ? -1 : param.lastIndexOf('.', eq);
        if (eq < 0 || dot <= 0) {
            throw new UserInputException(where + ": expected LOOP.latency=V1,V2,...ms (e.g. system2.latency=0,50,200ms"
                + " or *.latency=0,100ms)");
        }
        String loop = param.substring(0, dot).strip();
        String what = param.substring(dot + 1, eq).strip();
        if (what.equals("rate")) {
            throw new UserInputException(where + ": LOOP.rate sweeps are not supported yet; sweep LOOP.latency");
        }
        if (!what.equals("latency")) {
            throw new UserInputException(where + ": unknown parameter '" + what + "' (supported: LOOP.latency)");
        }
        String[] raw = param.substring(eq + 1).split(",");
        String last = raw[raw.length - 1].strip().toLowerCase(Locale.ROOT);
        String unit = last.endsWith("ms") ? "ms" : last.endsWith("s") ? "s" : "ms";
        List<String> labels = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        for (String r : raw) {
            String v = r.strip().toLowerCase(Locale.ROOT);
            String u = v.endsWith("ms") ? "ms" : v.endsWith("s") ? "s" : unit;
            String num = v.endsWith("ms") ? v.substring(0, v.length() - 2) : v.endsWith("s")
                ? v.substring(0, v.length() - 1) : v;
            double value;
            try {
                value = Double.parseDouble(num);
            } catch (NumberFormatException e) {
                throw new UserInputException(where + ": '" + r.strip() + "' is not a latency (e.g. 200ms, 0.5s)");
            }
            if (value < 0) {
                throw new UserInputException(where + ": latency " + r.strip() + " is negative");
            }
            double valueMs = u.equals("s") ? value * 1000 : value;
            String text = "fixed:" + fmt(valueMs) + "ms";
            LatencyModel m = parseModel(where, text);
            Map<String, LatencyModel> lat = new TreeMap<>(base);
            lat.put(loop, m);
            String label = loop + ".latency=" + fmt(valueMs) + "ms";
            if (labels.contains(label)) {
                throw new UserInputException(where + ": value " + r.strip() + " is given twice");
            }
            labels.add(label);
            ms.add(valueMs);
            variants.add(new Variant(label, lat, valueMs));
        }
        return new RunInfo.Sweep(param.substring(0, eq), loop, List.copyOf(labels), List.copyOf(ms));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
