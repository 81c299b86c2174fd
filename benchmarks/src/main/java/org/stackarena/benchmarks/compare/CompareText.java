package org.stackarena.benchmarks.compare;

import java.io.PrintStream;
import java.util.Locale;

/** The text forms of a {@link Comparison}: the console table and one-line reasons. */
public final class CompareText {

    private CompareText() {}

    /** Prints the table and a verdict line. */
    public static void print(Comparison cmp, PrintStream out) {
        out.printf(Locale.ROOT, "%-28s %-12s %-7s %9s %9s %5s %5s %-8s %9s %8s  %s%n", "stack", "scenario", "cond",
            "base", "new", "lost", "gain", "test", "p(drop)", "min drop",
            "latency p99 (loop: median base -> +increase, p)");
        for (Comparison.Case c : cmp.cases()) {
            StringBuilder lat = new StringBuilder();
            for (Comparison.LatencyCase l : c.latency()) {
                if (lat.length() > 0) {
                    lat.append("; ");
                }
                lat.append(String.format(Locale.ROOT, "%s: %.1f -> %+.1f ms, p=%.3g%s", l.loop(), l.baseMedianMs(),
                    l.medianIncreaseMs(), l.p(), l.regressed(cmp.alpha()) ? " REGRESSED" : ""));
            }
            out.printf(Locale.ROOT, "%-28s %-12s %-7s %9s %9s %5s %5s %-8s %9.4f %8s  %s%s%n", c.stack(), c.scenario(),
                c.condition(), c.baseSuccesses() + "/" + c.baseN(), c.newSuccesses() + "/" + c.newN(),
                c.test().equals("mcnemar") ? String.valueOf(c.lost()) : "-",
                c.test().equals("mcnemar") ? String.valueOf(c.gained()) : "-", c.test(), c.pSuccess(),
                minDrop(cmp, c), lat,
                cmp.successRegressed(c) ? "  SUCCESS DROP" : "");
        }
        if (!cmp.onlyInBase().isEmpty()) {
            out.println("only in base (not compared): " + String.join(", ", cmp.onlyInBase()));
        }
        if (!cmp.onlyInNew().isEmpty()) {
            out.println("only in new (not compared): " + String.join(", ", cmp.onlyInNew()));
        }
        out.printf(Locale.ROOT, "smallest detectable success drop at alpha %.3g: %d paired seeds lost with none "
            + "gained (exact McNemar p = %.4g); 'min drop' = that / the cell's paired seeds ('none': fewer pairs or base successes)%n",
            cmp.alpha(), cmp.minLostPairs(), Statistics.mcNemarDrop(cmp.minLostPairs(), 0));
        var reg = cmp.regressions();
        if (reg.isEmpty()) {
            out.printf(Locale.ROOT, "no significant regression (alpha %.3g, %d cells)%n", cmp.alpha(),
                cmp.cases().size());
        } else {
            out.printf(Locale.ROOT, "%d significant regression(s) at alpha %.3g:%n", reg.size(), cmp.alpha());
            reg.forEach(c -> out.println("  " + c.name() + ": " + why(cmp, c)));
        }
    }

    /** Why a cell failed, in one line. */
    public static String why(Comparison cmp, Comparison.Case c) {
        StringBuilder sb = new StringBuilder();
        if (cmp.successRegressed(c)) {
            sb.append(String.format(Locale.ROOT, "success %d/%d -> %d/%d, %s p=%.4g < %.3g", c.baseSuccesses(),
                c.baseN(), c.newSuccesses(), c.newN(), c.test().equals("mcnemar")
                    ? "exact McNemar (" + c.lost() + " lost, " + c.gained() + " gained)" : "Fisher exact",
                c.pSuccess(), cmp.alpha()));
            if (!c.lostSeeds().isEmpty()) {
                sb.append("; lost seeds ").append(String.join(",", c.lostSeeds()));
            }
        }
        for (Comparison.LatencyCase l : c.latency()) {
            if (l.regressed(cmp.alpha())) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(String.format(Locale.ROOT, "loop %s p99 latency +%.1f ms median over %.1f ms (Wilcoxon "
                    + "signed-rank p=%.4g)", l.loop(), l.medianIncreaseMs(), l.baseMedianMs(), l.p()));
            }
        }
        return sb.toString();
    }

    /** All numbers of a cell, in one line. */
    static String detail(Comparison cmp, Comparison.Case c) {
        String d = String.format(Locale.ROOT, "base %d/%d, new %d/%d, pairs %d, lost %d, gained %d, %s p=%.4g",
            c.baseSuccesses(), c.baseN(), c.newSuccesses(), c.newN(), c.pairs(), c.lost(), c.gained(), c.test(),
            c.pSuccess());
        if (c.test().equals("mcnemar")) {
            d += String.format(Locale.ROOT, ", smallest detectable drop %s (%d of %d pairs lost, none gained)",
                minDrop(cmp, c), cmp.minLostPairs(), c.pairs());
        }
        return d;
    }

    /** The cell's smallest detectable drop in percent, "none" with too few pairs, "-" when unpaired. */
    static String minDrop(Comparison cmp, Comparison.Case c) {
        if (!c.test().equals("mcnemar")) {
            return "-";
        }
        double d = cmp.minDetectableDrop(c);
        return Double.isNaN(d) ? "none" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
    }
}
