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
import org.stackarena.api.harness.DeploymentProfile;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.Timing;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.ReferenceStackProviders;
import org.stackarena.api.StackProvider;
import org.stackarena.policies.remote.RemoteStackProvider;

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
 * @param physicsDt the physics step in seconds ({@code --physics-dt}), 0 for the scenes' own
 * @param timing the run's timing: {@code --profile} under {@code --latency} and {@code --rate} (a sweep's
 *     variants add the swept value)
 * @param variants variants (a bench run has one, labelled ""); a sweep one per value
 * @param sweep the sweep, null for bench
 * @param specs the episodes, ordered scenario, robot, condition, variant, seed, stack so that a
 *     worker keeps its world while stacks take turns on it
 * @param chunking the {@code --chunking} strategy in canonical form, handed to every stack provider
 *     ({@link org.stackarena.api.StackContext#chunkExecution}); null: each stack's own
 */
public record BenchPlan(Suite suite, Map<String, Scenario> scenarios, SeedSet seeds, Map<String, Condition> conditions,
                        List<String> robots, Map<String, StackProvider> stacks, double physicsDt, Timing timing,
                        List<Variant> variants, RunInfo.Sweep sweep, List<EpisodeSpec> specs, String chunking) {

    /**
     * @param label variant label ("" for none)
     * @param timing the variant's timing (the run's, plus the swept value)
     * @param value the swept value (ms for a latency sweep, Hz for a rate sweep), NaN otherwise
     */
    public record Variant(String label, Timing timing, double value) {}

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
     * @param physicsDt {@code --physics-dt} in seconds, null for the scenes' own step
     * @param profile {@code --profile}: a shipped profile's name or a profile file; null for the default
     * @param latency {@code KEY=MODEL} overrides (KEY: loop name, role or {@code *})
     * @param rates {@code KEY=HZ} overrides; may be null
     * @param sweepParam {@code KEY.latency=V1,V2,...ms} or {@code KEY.rate=V1,V2,...}, null for bench
     * @param policies {@code --policy} values: {@code DIR} or {@code NAME=DIR}; may be null
     * @param stackClasses {@code --stack-class} class names; may be null
     * @param chunking {@code --chunking} value, null for none
     * @param remote {@code --remote KEY=VALUE} settings of stack {@code remote}; may be null
     */
    public record Options(String suite, List<String> stacks, List<String> conditions, List<String> robots,
                          List<String> scenarioIds, Path scenariosPath, String seeds, Double physicsDt, String profile,
                          List<String> latency, List<String> rates, String sweepParam, List<String> policies,
                          List<String> stackClasses, String chunking, List<String> remote) {

        /** Options without {@code --remote}. */
        public Options(String suite, List<String> stacks, List<String> conditions, List<String> robots,
                       List<String> scenarioIds, Path scenariosPath, String seeds, Double physicsDt, String profile,
                       List<String> latency, List<String> rates, String sweepParam, List<String> policies,
                       List<String> stackClasses, String chunking) {
            this(suite, stacks, conditions, robots, scenarioIds, scenariosPath, seeds, physicsDt, profile, latency, rates,
                sweepParam, policies, stackClasses, chunking, null);
        }

        /** Options without {@code --chunking}. */
        public Options(String suite, List<String> stacks, List<String> conditions, List<String> robots,
                       List<String> scenarioIds, Path scenariosPath, String seeds, Double physicsDt, String profile,
                       List<String> latency, List<String> rates, String sweepParam, List<String> policies,
                       List<String> stackClasses) {
            this(suite, stacks, conditions, robots, scenarioIds, scenariosPath, seeds, physicsDt, profile, latency, rates,
                sweepParam, policies, stackClasses, null);
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
        for (String c : o.conditions() != null ? o.conditions() : suite.allConditions()) {
            Condition cond = ConditionLoader.load(c);
            conditions.put(cond.name(), cond);
        }
        List<String> robots = new ArrayList<>();
        for (String r : o.robots() != null ? o.robots() : suite.robots()) {
            try {
                robots.add(org.stackarena.sim.robot.RobotDescriptor.resolve(r).id());
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--robot " + r + ": " + e.getMessage());
            }
        }
        Map<String, StackProvider> stacks = stacks(o.stacks(), o.policies(), o.stackClasses());
        remote(stacks, o.remote());
        String chunking = chunking(o.chunking());
        Timing timing = new Timing(profile(o.profile()), latency(o.latency()), rates(o.rates()));
        List<Variant> variants = new ArrayList<>();
        RunInfo.Sweep sweep = null;
        if (o.sweepParam() == null) {
            variants.add(new Variant("", timing, Double.NaN));
        } else {
            sweep = sweep(o.sweepParam(), timing, variants);
        }
        List<EpisodeSpec> specs = new ArrayList<>();
        for (Scenario s : scenarios.values()) {
            for (String robot : robots) {
                if (!s.runsOn(robot)) {
                    continue;
                }
                for (String cond : conditions.keySet()) {
                    for (Variant v : variants) {
                        for (long seed : seeds.seeds()) {
                            for (String stack : stacks.keySet()) {
                                specs.add(EpisodeSpec.of(s.id(), robot, seed, cond, stack)
                                    .withVariant(v.label(), v.timing()));
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
        return new BenchPlan(suite, scenarios, seeds, conditions, List.copyOf(robots), stacks,
            o.physicsDt() == null ? 0 : o.physicsDt(), timing,
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

    /**
     * Gives stack {@code remote} the {@code --remote KEY=VALUE} settings (over its environment's
     * configuration: {@code STACKARENA_REMOTE_CONFIG}, {@code STACKARENA_REMOTE_URL}) and checks the whole
     * configuration now, before any episode.
     *
     * @throws UserInputException one line: settings without stack remote, or a bad key, value or file
     */
    static void remote(Map<String, StackProvider> stacks, List<String> settings) {
        boolean given = settings != null && !settings.isEmpty();
        if (!(stacks.get("remote") instanceof RemoteStackProvider)) {
            if (given) {
                throw new UserInputException("--remote " + settings.get(0) + ": applies to --stack remote, which this "
                    + "run does not include (a remote policy directory takes its settings from its policy.json)");
            }
            return;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : given ? settings : List.<String>of()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--remote " + kv + ": expected KEY=VALUE (e.g. action_space=ee_delta)");
            }
            m.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        try {
            stacks.put("remote", new RemoteStackProvider(m));
        } catch (IllegalArgumentException e) {
            throw new UserInputException((given ? "--remote: " : "--stack remote: ") + e.getMessage());
        }
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

    /** The profile of {@code --profile} (null: {@link DeploymentProfile#DEFAULT}). */
    static DeploymentProfile profile(String nameOrFile) {
        try {
            return DeploymentProfile.load(nameOrFile == null ? DeploymentProfile.DEFAULT : nameOrFile);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--profile " + e.getMessage());
        }
    }

    static Map<String, LatencyModel> latency(List<String> specs) {
        return overrides("--latency", "KEY=MODEL", "system2=fixed:300ms or *=measured:x3", specs, BenchPlan::parseModel);
    }

    static Map<String, Double> rates(List<String> specs) {
        return overrides("--rate", "KEY=HZ", "control=1000", specs, BenchPlan::parseRate);
    }

    /** {@code KEY=VALUE} overrides of {@code option} (KEY: a loop, a role or {@code *}), each value parsed. */
    private static <V> Map<String, V> overrides(String option, String form, String example, List<String> specs,
                                                java.util.function.BiFunction<String, String, V> parse) {
        Map<String, V> out = new TreeMap<>();
        for (String s : specs == null ? List.<String>of() : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException(option + " " + s + ": expected " + form + " (KEY: a loop, a role or *), "
                    + "e.g. " + example);
            }
            out.put(s.substring(0, eq).strip(), parse.apply(option + " " + s, s.substring(eq + 1).strip()));
        }
        return out;
    }

    private static double parseRate(String where, String text) {
        String t = text.toLowerCase(Locale.ROOT);
        String num = t.endsWith("hz") ? t.substring(0, t.length() - 2).strip() : t;
        double hz;
        try {
            hz = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new UserInputException(where + ": '" + text + "' is not a rate in Hz (e.g. 500 or 500Hz)");
        }
        if (!(hz > 0) || !Double.isFinite(hz)) {
            throw new UserInputException(where + ": rate must be positive, got " + text);
        }
        return hz;
    }

    private static LatencyModel parseModel(String where, String text) {
        try {
            return LatencyModel.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(where + ": " + e.getMessage());
        }
    }

    /**
     * Parses {@code KEY.latency=V1,V2,...[ms|s]} or {@code KEY.rate=V1,V2,...[Hz]} into variants of
     * {@code base} (KEY: a loop, a role or {@code *}).
     */
    static RunInfo.Sweep sweep(String param, Timing base, List<Variant> variants) {
        String where = "--param " + param;
        int eq = param.indexOf('=');
        int dot = eq < 0 ? -1 : param.lastIndexOf('.', eq);
        if (eq < 0 || dot <= 0) {
            throw new UserInputException(where + ": expected KEY.latency=V1,V2,...ms or KEY.rate=V1,V2,... (KEY: a "
                + "loop, a role or *; e.g. system2.latency=0,50,200ms or control.rate=100,250,500,1000)");
        }
        String key = param.substring(0, dot).strip();
        String what = param.substring(dot + 1, eq).strip();
        if (!what.equals("latency") && !what.equals("rate")) {
            throw new UserInputException(where + ": unknown parameter '" + what + "' (supported: KEY.latency, KEY.rate)");
        }
        boolean rate = what.equals("rate");
        String[] raw = param.substring(eq + 1).split(",");
        String last = raw[raw.length - 1].strip().toLowerCase(Locale.ROOT);
        String unit = last.endsWith("ms") ? "ms" : last.endsWith("s") ? "s" : "ms";
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String r : raw) {
            String label;
            double value;
            Timing t;
            if (rate) {
                value = parseRate(where, r.strip());
                label = key + ".rate=" + fmt(value) + "Hz";
                t = base.withRate(key, value);
            } else {
                value = latencyMs(where, r.strip(), unit);
                label = key + ".latency=" + fmt(value) + "ms";
                t = base.withLatency(key, parseModel(where, "fixed:" + fmt(value) + "ms"));
            }
            if (labels.contains(label)) {
                throw new UserInputException(where + ": value " + r.strip() + " is given twice");
            }
            labels.add(label);
            values.add(value);
            variants.add(new Variant(label, t, value));
        }
        return new RunInfo.Sweep(param.substring(0, eq), key, List.copyOf(labels), rate ? null : List.copyOf(values),
            rate ? List.copyOf(values) : null);
    }

    private static double latencyMs(String where, String r, String unit) {
        String v = r.toLowerCase(Locale.ROOT);
        String u = v.endsWith("ms") ? "ms" : v.endsWith("s") ? "s" : unit;
        String num = v.endsWith("ms") ? v.substring(0, v.length() - 2) : v.endsWith("s")
            ? v.substring(0, v.length() - 1) : v;
        double value;
        try {
            value = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new UserInputException(where + ": '" + r + "' is not a latency (e.g. 200ms, 0.5s)");
        }
        if (value < 0 || !Double.isFinite(value)) {
            throw new UserInputException(where + ": latency " + r + " is negative");
        }
        return u.equals("s") ? value * 1000 : value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
