package org.stackarena.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.stackarena.benchmarks.report.RunInfo;

/**
 * Whether two runs were timed the same way: their {@code run.json} timing fingerprints (profile,
 * overrides, every shared stack's loops and chunk execution, MuJoCo version). Success rates measured
 * under different timing are not a regression test of the same thing, so {@code compare} refuses them
 * unless told otherwise.
 */
public final class TimingCheck {

    private TimingCheck() {}

    /**
     * The differences between the timing of {@code base} and {@code neu}, one short phrase each; empty when
     * they match. A run without a fingerprint (recorded before deployment profiles, or without
     * {@code run.json}) differs from a run with one; two runs without are taken as they are.
     */
    public static List<String> differences(RunInfo base, RunInfo neu) {
        RunInfo.TimingInfo a = base == null ? null : base.timing();
        RunInfo.TimingInfo b = neu == null ? null : neu.timing();
        List<String> out = new ArrayList<>();
        if (a == null && b == null) {
            return out;
        }
        if (a == null || b == null) {
            out.add((a == null ? "BASE" : "NEW") + " has no timing fingerprint in run.json (recorded before "
                + "deployment profiles; re-record it)");
            return out;
        }
        diff(out, "profile", a.profile(), b.profile());
        diff(out, "profile table", a.profileRoles(), b.profileRoles());
        diff(out, "--latency", a.latency(), b.latency());
        diff(out, "--rate", a.rate(), b.rate());
        diff(out, "MuJoCo", a.mujoco(), b.mujoco());
        diff(out, "physics step (ms)", a.physicsDtMs(), b.physicsDtMs());
        Map<String, RunInfo.StackTiming> sa = a.stacks() == null ? Map.of() : a.stacks();
        Map<String, RunInfo.StackTiming> sb = b.stacks() == null ? Map.of() : b.stacks();
        TreeSet<String> shared = new TreeSet<>(sa.keySet());
        shared.retainAll(sb.keySet());
        for (String stack : shared) {
            RunInfo.StackTiming x = sa.get(stack);
            RunInfo.StackTiming y = sb.get(stack);
            diff(out, stack + " chunking", x.chunking(), y.chunking());
            TreeSet<String> loops = new TreeSet<>(x.loops().keySet());
            loops.addAll(y.loops().keySet());
            for (String loop : loops) {
                RunInfo.LoopTiming lx = x.loops().get(loop);
                RunInfo.LoopTiming ly = y.loops().get(loop);
                if (!Objects.equals(lx, ly)) {
                    out.add(stack + ":" + loop + " " + describe(lx) + " vs " + describe(ly));
                }
            }
        }
        return out;
    }

    private static String describe(RunInfo.LoopTiming l) {
        if (l == null) {
            return "(no such loop)";
        }
        double hz = l.rateHz();
        return (hz == Math.rint(hz) ? String.valueOf((long) hz) : String.valueOf(hz)) + " Hz " + l.latency();
    }

    private static void diff(List<String> out, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(what + " " + a + " vs " + b);
        }
    }
}
