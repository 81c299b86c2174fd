package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input mistakes a user reported (issue: "33 of 41 malformed values rejected as the README
 * promises"), each one line on stderr and exit 2 before any work starts.
 */
class CliInputErrorsTest {

    /** The one stderr line of a run that must have failed with exit 2. */
    static String oneLineError(CliRun.Outcome o) {
        assertThat(o.code()).as("exit code; stderr: %s", o.err()).isEqualTo(Main.EXIT_INPUT);
        String err = o.err().endsWith("\n") ? o.err().substring(0, o.err().length() - 1) : o.err();
        assertThat(err).as("stderr").isNotBlank().doesNotContain("\n").doesNotContain("Exception")
            .doesNotContain("at org.").doesNotContain("Usage:");
        return err;
    }

    @Test
    void evalVlaSeedsThatAreNotARangeAreOneLineAndExit2() {
        String err = oneLineError(CliRun.run("eval-vla", "--seeds", "abc"));
        // before: NumberFormatException with a stack trace, exit 1
        assertThat(err).startsWith("error: eval-vla: option '--seeds': ").contains("'abc'").contains("FIRST..LAST")
            .endsWith("(see ./stackarena help eval-vla)");
    }

    @Test
    void anEmptySeedRangeIsAnErrorNotARunOfNothing() {
        String err = oneLineError(CliRun.run("eval-vla", "--seeds", "5..3"));
        assertThat(err).contains("option '--seeds'").contains("'5..3'").contains("FIRST must be <= LAST");
    }

    @Test
    void benchAndEvalVlaShareOneSeedsParser() {
        // --seeds means the same in every command: a range, one seed, a seed-set name or file
        String bench = oneLineError(CliRun.run("bench", "--seeds", "5..3"));
        String eval = oneLineError(CliRun.run("eval-vla", "--seeds", "5..3"));
        assertThat(bench.replace("bench", "X")).isEqualTo(eval.replace("eval-vla", "X"));
        assertThat(oneLineError(CliRun.run("bench", "--seeds", "99999..100001"))).contains("reserved for training");
    }

    @Test
    void collectWithAnUnknownStackNamesTheKnownStacksAndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("data");
        String err = oneLineError(CliRun.run("collect", "--stack", "nosuch", "--out", out.toString()));
        assertThat(err).contains("option '--stack'").contains("'nosuch'").contains("expert").contains("hold-still");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSweepOverALoopNoStackHasFailsBeforeTheFirstEpisode(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        CliRun.Outcome o = CliRun.run("sweep", "--param", "nosuchloop.latency=5ms", "--stack", "hold-still",
            "--scenario", "reach", "--out", out.toString());
        String err = oneLineError(o);
        assertThat(err).contains("--param nosuchloop.latency").contains("no loop 'nosuchloop'")
            .contains("hold-still");
        assertThat(o.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aLatencyOverrideForAMissingLoopFailsBeforeTheFirstEpisode(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        String err = oneLineError(CliRun.run("bench", "--latency", "nosuchloop=fixed:5ms", "--stack", "hold-still",
            "--scenario", "reach", "--out", out.toString()));
        assertThat(err).contains("--latency nosuchloop").contains("no loop 'nosuchloop'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aWrongTypedValueIsOneLineNotTheUsagePage(@TempDir Path tmp) {
        String err = oneLineError(CliRun.run("collect", "--episodes", "abc", "--out", tmp.resolve("d").toString()));
        assertThat(err).isEqualTo("error: collect: option '--episodes': 'abc' is not a whole number "
            + "(see ./stackarena help collect)");
    }

    @Test
    void anUnknownOptionIsOneLineWithASuggestion() {
        String err = oneLineError(CliRun.run("bench", "--seed", "3"));
        assertThat(err).startsWith("error: bench: unknown option '--seed'").contains("--seeds");
    }

    @Test
    void aMissingValueIsOneLine() {
        String err = oneLineError(CliRun.run("eval-vla", "--seeds"));
        assertThat(err).contains("option '--seeds'");
    }

    @Test
    void aMissingRequiredOptionIsOneLine() {
        String err = oneLineError(CliRun.run("collect"));
        assertThat(err).contains("'--out");
    }

    @Test
    void scenarioIdsGoInScenarioAndScenariosIsAPathEverywhere(@TempDir Path tmp) {
        // collect and eval-vla took ids in --scenarios, bench a path: now --scenario is ids and --scenarios a path
        String err = oneLineError(CliRun.run("collect", "--scenarios", "reach,pick-lift", "--out",
            tmp.resolve("d").toString()));
        assertThat(err).contains("option '--scenarios'").contains("is not an existing scenario file or folder")
            .contains("scenario ids go in --scenario");
        String ids = oneLineError(CliRun.run("eval-vla", "--scenario", "nosuch"));
        assertThat(ids).contains("--scenario nosuch").contains("pick-place");
    }

    @Test
    void commandsThatTakeOneRobotSayIt(@TempDir Path tmp) {
        String err = oneLineError(CliRun.run("collect", "--robot", "arm7,arm6", "--out", tmp.resolve("d").toString()));
        assertThat(err).contains("--robot arm7,arm6").contains("one value");
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void anOutputDirectoryThatIsAFileIsRejectedBeforeWork(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        String err = oneLineError(CliRun.run("train", "--data", tmp.toString(), "--out", file.toString()));
        assertThat(err).contains("option '--out'").contains("is an existing file");
    }

    @Test
    void aConfValueThatIsNotKeyEqualsValueIsOneLine(@TempDir Path tmp) {
        String out = tmp.resolve("d").toString();
        String bench = oneLineError(CliRun.run("bench", "--conf", "spark.executor.memory", "--out", out));
        assertThat(bench).isEqualTo("error: bench: option '--conf': 'spark.executor.memory' is not KEY=VALUE "
            + "(e.g. spark.executor.memory=4g) (see ./stackarena help bench)");
        String sweep = oneLineError(CliRun.run("sweep", "--param", "*.latency=0ms", "--conf", "=4g", "--out", out));
        assertThat(sweep).startsWith("error: sweep: option '--conf': '=4g' is not KEY=VALUE");
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void confWithTheLocalEngineIsOneLineBeforeAnyWork(@TempDir Path tmp) {
        String err = oneLineError(CliRun.run("bench", "--stack", "hold-still", "--scenario", "reach", "--conf",
            "spark.ui.enabled=true", "--out", tmp.resolve("d").toString()));
        assertThat(err).isEqualTo("error: --conf spark.ui.enabled=true: only for a distributed engine (e.g. "
            + "--engine spark); the local engine has no settings of its own");
        assertThat(tmp.resolve("d")).doesNotExist();
    }
}
