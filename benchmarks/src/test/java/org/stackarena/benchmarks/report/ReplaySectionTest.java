package org.stackarena.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.benchmarks.compare.RunFixtures;
import org.stackarena.benchmarks.replay.Recording;

class ReplaySectionTest {

    @Test
    void anUnreadableRecordingIsLeftOutAndTheReportStillWritten(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        RunFixtures.write(run, RunFixtures.grid(2));
        Path bad = Files.createDirectories(run.resolve(Recording.DIR).resolve("alpha"))
            .resolve("reach_arm7_lab_1.json.gz");
        Files.writeString(bad, "not gzip");
        ReportWriter.write(run);
        String html = Files.readString(run.resolve(ReportWriter.HTML));
        assertThat(html).contains("id=\"matrix-success\"").doesNotContain("id=\"replay\"")
            .doesNotContain("id=\"lib-three\"");
        assertThat(ReplaySection.entries(run)).isEmpty();
    }
}
