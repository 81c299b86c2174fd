package org.stackarena.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.benchmarks.compare.RunFixtures;

class RobustnessSectionTest {

    @TempDir
    Path dir;

    /**
     * Stack "fragile" loses every episode of seeds 0-7 at pixel-noise-3 and none elsewhere;
     * "sturdy" loses nothing. Ten seeds, all succeed in lab.
     */
    private List<EpisodeRecord> records() {
        List<EpisodeRecord> out = new ArrayList<>();
        for (String stack : List.of("fragile", "sturdy")) {
            for (String cond : List.of("lab", "pixel-noise-1", "pixel-noise-2", "pixel-noise-3", "mass-1")) {
                for (long s = 0; s < 10; s++) {
                    boolean fail = stack.equals("fragile") && cond.equals("pixel-noise-3") && s < 8;
                    out.add(RunFixtures.record(stack, "reach", cond, s, !fail, 10, ""));
                }
            }
        }
        return out;
    }

    @Test
    void theSensitivityTablePairsEachLevelWithLabBySeedAndFlagsOnlyTheRealDrop() throws Exception {
        RunFixtures.write(dir, records());
        ReportWriter.write(dir);
        String md = Files.readString(dir.resolve(ReportWriter.MD));
        assertThat(md).contains("## Robustness: one axis at a time, paired with lab by seed");
        String fragile = md.substring(md.indexOf("**fragile**"), md.indexOf("**sturdy**"));
        String noiseRow = fragile.lines().filter(l -> l.startsWith("| pixel-noise")).findFirst().orElseThrow();
        // 8 pairs lost, 0 gained: -80 pp, McNemar two-sided p = 2 * 0.5^8 = 0.0078
        assertThat(noiseRow).contains("10/10 100% (+0 pp, p=1.00)").contains("2/10 20% (-80 pp, p=0.01 v)");
        String massRow = fragile.lines().filter(l -> l.startsWith("| mass")).findFirst().orElseThrow();
        assertThat(massRow).contains("10/10 100% (+0 pp, p=1.00)").doesNotContain(" v");
        String sturdy = md.substring(md.indexOf("**sturdy**"));
        assertThat(sturdy.lines().filter(l -> l.startsWith("| pixel-noise")).findFirst().orElseThrow())
            .doesNotContain(" v");
        // axes not in the run get no row; each axis that is gets a plot
        assertThat(fragile).doesNotContain("| lighting");
        assertThat(dir.resolve("plots/robustness_pixel-noise.png")).exists();
        assertThat(dir.resolve("plots/robustness_mass.png")).exists();
        // the progression: lab, the pooled single-axis levels, the worst level, field (not in this run)
        assertThat(md).contains("| fragile | 10/10 100% | 32/40 80% | pixel-noise-3 20% | (not run) |");
    }

    @Test
    void aRunWithoutAxisLevelsHasNoRobustnessSection() throws Exception {
        RunFixtures.write(dir, RunFixtures.grid(4));
        ReportWriter.write(dir);
        assertThat(Files.readString(dir.resolve(ReportWriter.MD))).doesNotContain("Robustness");
    }
}
