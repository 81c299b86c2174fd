package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken world-action-model policy directory is one line on stderr and exit 2, before any episode. */
class WamPolicyOptionTest {

    /** The shipped wam checkpoint's folder in the source tree. */
    static Path shipped() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path e = p.resolve("policies/src/main/resources/org/stackarena/policies/checkpoints/wam-default");
            if (Files.isRegularFile(e.resolve("policy.json"))) {
                return e;
            }
        }
        throw new IllegalStateException("the shipped wam checkpoint was not found");
    }

    private static Path copy(Path to) throws IOException {
        Path from = shipped();
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    @Test
    void aBadPlannerFieldIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp.resolve("w"));
        String json = Files.readString(dir.resolve("policy.json"));
        assertThat(json).containsPattern("\"horizon\"\\s*:\\s*8");
        Files.writeString(dir.resolve("policy.json"), json.replaceFirst("\"horizon\"\\s*:\\s*8", "\"horizon\" : 0"));
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--scenario", "reach", "--condition", "lab",
            "--out", tmp.resolve("run").toString(), "--policy", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("error: " + dir.resolve("policy.json")
            + ": field planner.horizon: must be an integer in 1..10 (the proposal's chunk), got 0");
        assertThat(tmp.resolve("run").resolve("episodes.jsonl")).doesNotExist();
    }

    @Test
    void aMissingEncoderIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp.resolve("w"));
        Files.delete(dir.resolve("encoder/vla.params"));
        CliRun.Outcome o = CliRun.run("perf", "policy", "--checkpoint", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").isEqualTo("error: " + dir.resolve("encoder/vla.params")
            + ": missing file (policy.json field weights)");
    }
}
