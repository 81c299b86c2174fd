package org.stackarena.benchmarks.compare;


import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.benchmarks.cli.CliRun;
import org.stackarena.benchmarks.report.RunInfo;

class CompareCommandTest {

    static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void aRunComparedWithItselfPasses(@TempDir Path dir) throws Exception {
        Path base = RunFixtures.write(dir.resolve("base"), RunFixtures.grid(10));
        Path junit = dir.resolve("junit.xml");
        CliRun.Outcome o = run("compare", base.toString(), base.toString(), "--junit", junit.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("no significant regression");
        String xml = Files.readString(junit);
        // 2 stacks x 2 scenarios x 2 conditions + one pooled cell per stack
        assertThat(xml).contains("tests=\"10\" failures=\"0\"").doesNotContain("<failure");
    }

    @Test
    void printsTheSmallestDropThePairedTestCanFlagAtTheSeedCount(@TempDir Path dir) throws Exception {
        Path base = RunFixtures.write(dir.resolve("base"), RunFixtures.grid(10));
        Path junit = dir.resolve("junit.xml");
        CliRun.Outcome o = run("compare", base.toString(), base.toString(), "--junit", junit.toString());
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("smallest detectable success drop at alpha 0.0500: 5 paired seeds lost with none "
            + "gained (exact McNemar p = 0.03125)");
        // a cell has 10 paired seeds: 5 of 10; a stack's pooled cell 40: 5 of 40
        String cell = o.out().lines().filter(l -> l.startsWith("alpha ") && l.contains(" reach ")
            && l.contains(" lab ")).findFirst().orElseThrow();
        assertThat(cell).contains("50.0%");
        String pooled = o.out().lines().filter(l -> l.startsWith("alpha ") && l.contains("(all)")).findFirst()
            .orElseThrow();
        assertThat(pooled).contains("12.5%");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<property name=\"min_lost_pairs\" value=\"5\"/>")
            .contains("smallest detectable drop 50.0% (5 of 10 pairs lost, none gained)");

        // at alpha 0.01 it takes 7 lost pairs: a 10-seed cell with 6 base successes cannot show it, its
        // 40-seed pooled cell flags 17.5%
        CliRun.Outcome strict = run("compare", base.toString(), base.toString(), "--alpha", "0.01");
        assertThat(strict.out()).contains("at alpha 0.0100: 7 paired seeds lost");
        assertThat(strict.out().lines().filter(l -> l.startsWith("alpha ") && l.contains(" reach ")
            && l.contains(" lab ")).findFirst().orElseThrow()).contains(" none ");
        assertThat(strict.out().lines().filter(l -> l.startsWith("alpha ") && l.contains("(all)")).findFirst()
            .orElseThrow()).contains("17.5%");
    }

    @Test
    void successesFlippedToFailuresAreARegressionNamingTheCells(@TempDir Path dir) throws Exception {
        List<EpisodeRecord> base = RunFixtures.grid(10);
        // beta loses every success on push/field: 6 discordant pairs, p = 1/64
        List<EpisodeRecord> neu = RunFixtures.failWhere(base,
            r -> r.stack().equals("beta") && r.scenario().equals("push") && r.condition().equals("field"));
        Path b = RunFixtures.write(dir.resolve("base"), base);
        Path n = RunFixtures.write(dir.resolve("new"), neu);
        Path junit = dir.resolve("out/junit.xml");
        CliRun.Outcome o = run("compare", b.toString(), n.toString(), "--junit", junit.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("significant regression(s)").contains("beta / push / field")
            .contains("6 lost, 0 gained").contains("arm7/1001");
        assertThat(o.out().lines().filter(l -> l.startsWith("  alpha")).collect(Collectors.toList())).isEmpty();
        String xml = Files.readString(junit);
        assertThat(xml).contains("failures=\"2\"") // the cell and beta's pooled cell
            .contains("classname=\"stackarena.beta\" name=\"push/field\"")
            .contains("<failure message=\"success 6/10 -&gt; 0/10, exact McNemar (6 lost, 0 gained) p=0.01563");
    }

    @Test
    void aSmallDropIsNotSignificant(@TempDir Path dir) throws Exception {
        List<EpisodeRecord> base = RunFixtures.grid(10);
        List<EpisodeRecord> neu = RunFixtures.failWhere(base, r -> r.stack().equals("alpha")
            && r.scenario().equals("reach") && r.condition().equals("lab") && r.seed() == 1001);
        CliRun.Outcome o = run("compare", RunFixtures.write(dir.resolve("b"), base).toString(),
            RunFixtures.write(dir.resolve("n"), neu).toString());
        assertThat(o.code()).isZero();
    }

    @Test
    void unpairedCellsUseFisher(@TempDir Path dir) throws Exception {
        List<EpisodeRecord> base = RunFixtures.grid(10);
        // other seeds, all failures
        List<EpisodeRecord> neu = RunFixtures.failWhere(base, r -> true).stream()
            .map(r -> RunFixtures.record(r.stack(), r.scenario(), r.condition(), r.seed() + 500, false, 40, ""))
            .toList();
        CliRun.Outcome o = run("compare", RunFixtures.write(dir.resolve("b"), base).toString(),
            RunFixtures.write(dir.resolve("n"), neu).toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("fisher").contains("Fisher exact");
    }

    @Test
    void aLargeSignificantLatencyIncreaseIsARegression(@TempDir Path dir) throws Exception {
        List<EpisodeRecord> base = RunFixtures.grid(10);
        List<EpisodeRecord> neu = base.stream().map(r -> r.stack().equals("alpha") ? RunFixtures.record(r.stack(),
            r.scenario(), r.condition(), r.seed(), r.success(), r.loops().get("act").modelledLatencyMs().p99() * 1.5,
            "") : r).toList();
        CliRun.Outcome o = run("compare", RunFixtures.write(dir.resolve("b"), base).toString(),
            RunFixtures.write(dir.resolve("n"), neu).toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("loop act p99 latency").contains("REGRESSED");
        // +10%: significant but under the 20% tolerance
        List<EpisodeRecord> small = base.stream().map(r -> RunFixtures.record(r.stack(), r.scenario(), r.condition(),
            r.seed(), r.success(), r.loops().get("act").modelledLatencyMs().p99() * 1.1, "")).toList();
        assertThat(run("compare", dir.resolve("b").toString(),
            RunFixtures.write(dir.resolve("s"), small).toString()).code()).isZero();
    }

    @Test
    void badInputIsExitCode2WithOneLine(@TempDir Path dir) throws Exception {
        Path good = RunFixtures.write(dir.resolve("good"), RunFixtures.grid(2));
        CliRun.Outcome missing = run("compare", good.toString(), dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("error: compare: parameter NEW: '" + dir.resolve("nope")
            + "' is not an existing directory (see ./stackarena help compare)");

        Path bad = RunFixtures.write(dir.resolve("bad"), RunFixtures.grid(2));
        List<String> lines = Files.readAllLines(bad.resolve("episodes.jsonl"));
        lines.set(1, "{\"scenario\": \"reach\", oops");
        Files.write(bad.resolve("episodes.jsonl"), lines);
        CliRun.Outcome malformed = run("compare", good.toString(), bad.toString());
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err().strip()).startsWith("error: " + bad.resolve("episodes.jsonl") + " line 2: ")
            .doesNotContain("\n").doesNotContain("Exception");

        Files.createDirectories(dir.resolve("empty"));
        CliRun.Outcome empty = run("compare", good.toString(), dir.resolve("empty").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).contains("episodes.jsonl: missing").doesNotContain("\n");

        Path other = RunFixtures.write(dir.resolve("other"),
            List.of(RunFixtures.record("gamma", "stack", "lab", 1, true, 10, "")));
        CliRun.Outcome disjoint = run("compare", good.toString(), other.toString());
        assertThat(disjoint.code()).isEqualTo(2);
        assertThat(disjoint.err().strip()).startsWith("error: no overlapping episodes").doesNotContain("\n");
    }

    private static void writeTiming(Path run, String profile, String vlaSystem2) throws Exception {
        RunInfo.TimingInfo t = new RunInfo.TimingInfo(profile, java.util.Map.of("default", profile.equals("ideal")
            ? "none" : "measured"), java.util.Map.of(), java.util.Map.of(), "2.2.2", null, java.util.Map.of("alpha",
            new RunInfo.StackTiming("ensemble:1.0s", java.util.Map.of("system2", new RunInfo.LoopTiming("system2", 5,
                vlaSystem2, null)))));
        new RunInfo(List.of("stackarena", "bench"), null, RunInfo.Machine.current(), "smoke", null, null, null, null,
            null, t, null, 2, 0, 0, "2026-01-01T00:00:00Z", null, null, null).write(run);
    }

    @Test
    void runsTimedDifferentlyAreRefusedUnlessAllowed(@TempDir Path dir) throws Exception {
        Path b = RunFixtures.write(dir.resolve("base"), RunFixtures.grid(10));
        Path same = RunFixtures.write(dir.resolve("same"), RunFixtures.grid(10));
        Path other = RunFixtures.write(dir.resolve("other"), RunFixtures.grid(10));
        Path bare = RunFixtures.write(dir.resolve("bare"), RunFixtures.grid(10));
        writeTiming(b, "ideal", "none");
        writeTiming(same, "ideal", "none");
        writeTiming(other, "edge-orin", "fixed:358ms");
        assertThat(run("compare", b.toString(), same.toString()).code()).isZero();

        CliRun.Outcome refused = run("compare", b.toString(), other.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("error: the runs were timed differently (profile ideal vs "
            + "edge-orin; profile table {default=none} vs {default=measured}; alpha:system2 5 Hz none vs 5 Hz "
            + "fixed:358ms); pass --allow-timing-change to compare them anyway");
        assertThat(refused.out()).isEmpty();

        CliRun.Outcome allowed = run("compare", b.toString(), other.toString(), "--allow-timing-change");
        assertThat(allowed.code()).isZero();
        assertThat(allowed.out()).startsWith("timing differs (compared as asked): profile ideal vs edge-orin")
            .contains("no significant regression");

        CliRun.Outcome unknown = run("compare", bare.toString(), b.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("BASE has no timing fingerprint");
    }
}
