package org.stackarena.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.benchmarks.compare.RunFixtures;
import org.stackarena.api.harness.EpisodeRecord;

/** Renders a report (synthetic sweep run, no MuJoCo) in headless Chromium. */
@Tag("browser")
class ReportBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void theHtmlReportRendersWithItsPlotsAndTables(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
            "skipped: /usr/bin/chromium is missing (apt-get install -y chromium) - cannot render report.html");
        Path run = dir.resolve("run");
        List<EpisodeRecord> records = new ArrayList<>();
        double[] ms = {0, 200, 1000};
        for (int i = 0; i < ms.length; i++) {
            String variant = "system2.latency=" + (int) ms[i] + "ms";
            for (EpisodeRecord r : RunFixtures.grid(6)) {
                boolean ok = r.success() && r.seed() % (i + 2) != 0;
                records.add(RunFixtures.record(r.stack(), r.scenario(), r.condition(), r.seed(), ok, 30 + ms[i],
                    variant));
            }
        }
        RunFixtures.write(run, records);
        new RunInfo(List.of("stackarena", "sweep", "--param", "system2.latency=0,200,1000ms"), "abc", RunInfo.Machine
            .current(), "smoke", new RunInfo.Seeds("ci", "0123456789ab", 6),
            List.of(new RunInfo.StackInfo("alpha", true, "an expert"), new RunInfo.StackInfo("beta", false, "honest")),
            List.of("reach", "push"), List.of("lab", "field"), List.of("arm7"), null,
            new RunInfo.Sweep("system2.latency", "system2", List.of("system2.latency=0ms", "system2.latency=200ms",
                "system2.latency=1000ms"), List.of(0.0, 200.0, 1000.0), null), 2, records.size(), 0,
            "2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z", 60.0, null).write(run);
        ReportWriter.write(run);

        Path png = dir.resolve("shot.png");
        Path profile = Files.createDirectories(dir.resolve("profile"));
        String url = run.resolve("report.html").toUri().toString();
        List<String> base = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile, "--window-size=1200,2000");
        List<String> shot = new ArrayList<>(base);
        shot.add("--screenshot=" + png);
        shot.add(url);
        assertThat(exec(shot, dir.resolve("shot.log"))).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(colours(img)).as("a rendered page, not a blank one").isGreaterThan(50);

        List<String> dump = new ArrayList<>(base);
        dump.add("--dump-dom");
        dump.add(url);
        Path dom = dir.resolve("dom.html");
        assertThat(execTo(dump, dom)).isZero();
        String html = Files.readString(dom, StandardCharsets.UTF_8);
        for (String plot : List.of("lab_field", "sweep", "latency", "failures")) {
            assertThat(html).contains("id=\"plot-" + plot + "\"");
        }
        // the success matrix: one row per stack, one column per scenario x condition, seeds in the tooltips
        assertThat(html).contains("id=\"matrix-success\"")
            .contains("data-tip=\"alpha (privileged)@system2.latency=0ms | reach | lab")
            .contains("succeeded: ").doesNotContain("id=\"plot-success\"").doesNotContain("id=\"replay\"");
        assertThat(html).contains("<td>alpha (privileged)</td>").contains("Success vs modelled latency")
            .contains("0123456789ab").contains("Failure reasons");
        // the browser decoded the embedded PNGs: naturalWidth is not observable in a DOM dump, so
        // check the bytes the page embeds are PNGs Java can decode too
        String b64 = html.substring(html.indexOf("data:image/png;base64,") + 22);
        b64 = b64.substring(0, b64.indexOf('"'));
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(b64))))
            .isNotNull();
    }

    private static int exec(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        return p.exitValue();
    }

    private static int execTo(List<String> cmd, Path out) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(out.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        return p.exitValue();
    }

    private static int colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
