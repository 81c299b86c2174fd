package org.stackarena.benchmarks.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.benchmarks.report.RunDir;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.LoopRecord;

/**
 * Compares two runs cell by cell. A cell is (stack, scenario, condition, variant); within a cell
 * episodes are matched by (scenario, robot, seed, condition, variant).
 *
 * <ul>
 *   <li>Success, paired (at least one matched episode in the cell): exact McNemar test on the
 *       discordant pairs, one-sided for a drop ({@link Statistics#mcNemarDrop}).</li>
 *   <li>Success, unpaired (the cell exists in both runs but no episode matches, e.g. other
 *       seeds): Fisher's exact test, one-sided ({@link Statistics#fisherDrop}).</li>
 *   <li>Latency, per loop, on each matched episode's modelled-latency p99: one-sided Wilcoxon
 *       signed-rank test for an increase; a regression only when also the median paired increase
 *       is more than {@link #LATENCY_TOLERANCE} of the base median.</li>
 * </ul>
 *
 * <p>Each stack also gets an {@code (all)} cell pooling its matched episodes, which is the more
 * powerful test when each cell has few seeds. No correction for multiple cells is applied: a CI
 * gate with deterministic stacks sees no discordant pairs at all when nothing changed.
 *
 * @param cases one per cell present in both runs, stacks' pooled cells included
 * @param onlyInBase cells only the base run has (not tested)
 * @param onlyInNew cells only the new run has (not tested)
 * @param alpha significance level
 */
public record Comparison(List<Case> cases, List<String> onlyInBase, List<String> onlyInNew, double alpha) {

    /** A latency increase smaller than this fraction of the base median is never a regression. */
    public static final double LATENCY_TOLERANCE = 0.20;

    /** The scenario name of a stack's pooled cell. */
    public static final String ALL = "(all)";

    /**
     * One tested cell.
     *
     * @param stack stack (with {@code @variant} if any)
     * @param scenario scenario id, or {@link #ALL}
     * @param condition condition, or empty for a pooled cell
     * @param baseN base episodes
     * @param baseSuccesses base successes
     * @param newN new episodes
     * @param newSuccesses new successes
     * @param pairs matched episodes
     * @param lost matched episodes that succeeded in base and failed in new (McNemar b)
     * @param gained matched episodes that failed in base and succeeded in new (McNemar c)
     * @param test {@code mcnemar} or {@code fisher}
     * @param pSuccess one-sided p-value for a success drop
     * @param latency per-loop latency comparisons (paired cells only)
     * @param lostSeeds "robot/seed" of the episodes lost (for messages)
     */
    public record Case(String stack, String scenario, String condition, int baseN, int baseSuccesses, int newN,
                       int newSuccesses, int pairs, int lost, int gained, String test, double pSuccess,
                       List<LatencyCase> latency, List<String> lostSeeds) {

        /** "stack / scenario / condition". */
        public String name() {
            return condition.isEmpty() ? stack + " / " + scenario : stack + " / " + scenario + " / " + condition;
        }
    }

    /**
     * @param loop loop name
     * @param pairs episodes compared
     * @param baseMedianMs median base p99
     * @param medianIncreaseMs median of (new - base) p99
     * @param p one-sided Wilcoxon signed-rank p-value for an increase
     */
    public record LatencyCase(String loop, int pairs, double baseMedianMs, double medianIncreaseMs, double p) {
        /** Significant at {@code alpha} and larger than the tolerance. */
        public boolean regressed(double alpha) {
            return p < alpha && medianIncreaseMs > LATENCY_TOLERANCE * baseMedianMs;
        }
    }

    /** Whether the cell's success dropped significantly. */
    public boolean successRegressed(Case c) {
        if (c.pSuccess() >= alpha) {
            return false;
        }
        return c.test().equals("mcnemar") ? c.lost() > c.gained()
            : (double) c.newSuccesses() / c.newN() < (double) c.baseSuccesses() / c.baseN();
    }

    /**
     * The fewest lost pairs (with none gained) the paired success test flags at this comparison's
     * alpha ({@link Statistics#minLostPairs}); the decision itself is {@link #successRegressed}.
     */
    public int minLostPairs() {
        return Statistics.minLostPairs(alpha);
    }

    /**
     * The smallest drop in success rate the paired test can flag in this cell at its number of
     * paired seeds: {@link #minLostPairs()} / pairs; NaN when the cell has fewer pairs, or fewer base
     * successes, than that (no drop is detectable) or is unpaired (Fisher).
     */
    public double minDetectableDrop(Case c) {
        int m = minLostPairs();
        return c.test().equals("mcnemar") && m <= Math.min(c.pairs(), c.baseSuccesses()) ? (double) m / c.pairs()
            : Double.NaN;
    }

    /** Whether the cell regressed in success or in any loop's latency. */
    public boolean regressed(Case c) {
        return successRegressed(c) || c.latency().stream().anyMatch(l -> l.regressed(alpha));
    }

    /** The cases that regressed. */
    public List<Case> regressions() {
        return cases.stream().filter(this::regressed).toList();
    }

    /**
     * Compares {@code base} with {@code neu}.
     *
     * @throws UserInputException if no cell is present in both runs
     */
    public static Comparison of(RunDir base, RunDir neu, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UserInputException("--alpha " + alpha + ": must be between 0 and 1");
        }
        Map<String, List<EpisodeRecord>> b = cells(base.records());
        Map<String, List<EpisodeRecord>> n = cells(neu.records());
        List<String> onlyBase = new ArrayList<>();
        List<String> onlyNew = new ArrayList<>();
        b.keySet().stream().filter(k -> !n.containsKey(k)).forEach(k -> onlyBase.add(k.replace('\u0000', '/')));
        n.keySet().stream().filter(k -> !b.containsKey(k)).forEach(k -> onlyNew.add(k.replace('\u0000', '/')));
        List<Case> cases = new ArrayList<>();
        Map<String, List<EpisodeRecord>[]> pooled = new TreeMap<>();
        for (Map.Entry<String, List<EpisodeRecord>> e : b.entrySet()) {
            List<EpisodeRecord> nr = n.get(e.getKey());
            if (nr == null) {
                continue;
            }
            String[] k = e.getKey().split("\u0000", -1);
            cases.add(test(k[0], k[1], k[2], e.getValue(), nr));
            @SuppressWarnings("unchecked")
            List<EpisodeRecord>[] p = pooled.computeIfAbsent(k[0], x -> new List[] {new ArrayList<>(), new ArrayList<>()});
            p[0].addAll(e.getValue());
            p[1].addAll(nr);
        }
        if (cases.isEmpty()) {
            throw new UserInputException("no overlapping episodes: " + base.dir() + " has "
                + String.join(", ", new LinkedHashSet<>(onlyBase)) + "; " + neu.dir() + " has "
                + String.join(", ", new LinkedHashSet<>(onlyNew)) + " (cells are stack/scenario/condition)");
        }
        pooled.forEach((stack, p) -> cases.add(test(stack, ALL, "", p[0], p[1])));
        return new Comparison(List.copyOf(cases), onlyBase, onlyNew, alpha);
    }

    private static Map<String, List<EpisodeRecord>> cells(List<EpisodeRecord> records) {
        Map<String, List<EpisodeRecord>> out = new TreeMap<>();
        for (EpisodeRecord r : records) {
            String stack = r.variant().isEmpty() ? r.stack() : r.stack() + "@" + r.variant();
            out.computeIfAbsent(stack + "\u0000" + r.scenario() + "\u0000" + r.condition(), k -> new ArrayList<>())
                .add(r);
        }
        return out;
    }

    private static String pairKey(EpisodeRecord r) {
        return r.scenario() + "\u0000" + r.robot() + "\u0000" + r.seed() + "\u0000" + r.condition() + "\u0000"
            + r.variant();
    }

    private static Case test(String stack, String scenario, String condition, List<EpisodeRecord> base,
                             List<EpisodeRecord> neu) {
        Map<String, EpisodeRecord> byKey = new LinkedHashMap<>();
        base.forEach(r -> byKey.put(pairKey(r), r));
        int pairs = 0;
        int lost = 0;
        int gained = 0;
        List<String> lostSeeds = new ArrayList<>();
        List<EpisodeRecord[]> matched = new ArrayList<>();
        for (EpisodeRecord r : neu) {
            EpisodeRecord o = byKey.get(pairKey(r));
            if (o == null) {
                continue;
            }
            pairs++;
            matched.add(new EpisodeRecord[] {o, r});
            if (o.success() && !r.success()) {
                lost++;
                lostSeeds.add((scenario.equals(ALL) ? r.scenario() + "/" + r.condition() + "/" : "") + r.robot()
                    + "/" + r.seed());
            } else if (!o.success() && r.success()) {
                gained++;
            }
        }
        int bs = (int) base.stream().filter(EpisodeRecord::success).count();
        int ns = (int) neu.stream().filter(EpisodeRecord::success).count();
        String test;
        double p;
        if (pairs > 0) {
            test = "mcnemar";
            p = Statistics.mcNemarDrop(lost, gained);
        } else {
            test = "fisher";
            p = Statistics.fisherDrop(bs, base.size(), ns, neu.size());
        }
        return new Case(stack, scenario, condition, base.size(), bs, neu.size(), ns, pairs, lost, gained, test, p,
            latency(matched), List.copyOf(lostSeeds));
    }

    private static List<LatencyCase> latency(List<EpisodeRecord[]> matched) {
        Set<String> loops = new LinkedHashSet<>();
        matched.forEach(m -> loops.addAll(m[0].loops().keySet()));
        List<LatencyCase> out = new ArrayList<>();
        for (String loop : loops) {
            List<double[]> xs = new ArrayList<>();
            for (EpisodeRecord[] m : matched) {
                LoopRecord a = m[0].loops().get(loop);
                LoopRecord c = m[1].loops().get(loop);
                // a `measured` latency is this machine's wall time: not comparable between two runs on
                // different (or differently loaded) machines, so it is not tested here (use perf policy)
                boolean measured = a != null && a.latencyModel() != null && a.latencyModel().startsWith("measured");
                if (!measured && a != null && c != null && a.modelledLatencyMs() != null && c.modelledLatencyMs() != null) {
                    xs.add(new double[] {a.modelledLatencyMs().p99(), c.modelledLatencyMs().p99()});
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            double[] before = xs.stream().mapToDouble(x -> x[0]).toArray();
            double[] after = xs.stream().mapToDouble(x -> x[1]).toArray();
            double[] diff = xs.stream().mapToDouble(x -> x[1] - x[0]).toArray();
            out.add(new LatencyCase(loop, xs.size(), Statistics.median(before), Statistics.median(diff),
                Statistics.signedRankIncrease(before, after)));
        }
        return List.copyOf(out);
    }
}
