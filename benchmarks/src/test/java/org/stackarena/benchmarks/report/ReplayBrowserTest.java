package org.stackarena.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.ResultsStore;
import org.stackarena.benchmarks.cli.CliRun;
import org.stackarena.benchmarks.replay.Recording;

/**
 * The report's 3D replay and loop timelines in headless Chromium (WebGL on SwiftShader), on two real
 * recorded episodes ({@code bench --record 1}: the expert and the classical stack on one pick-place seed).
 */
@Tag("browser")
class ReplayBrowserTest {

    @Test
    void theReplayDrawsTheSceneEndsWhereTheRecordEndsAndKeepsTwoEpisodesTimeLocked(@TempDir Path dir)
        throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM),
            "skipped: /usr/bin/chromium is missing (apt-get install -y chromium) - cannot render report.html");
        Path run = dir.resolve("run");
        CliRun.Outcome o = CliRun.run("bench", "--suite", "smoke", "--stack", "expert,classical", "--scenario",
            "pick-place", "--condition", "lab", "--workers", "1", "--profile", "ideal", "--record", "1", "--out",
            run.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<EpisodeRecord> records;
        try (ResultsStore store = ResultsStore.open(run)) {
            records = store.records();
        }
        List<Path> files = Recording.list(run); // the page's index order: classical, then expert
        assertThat(files).hasSize(2);
        EpisodeRecord classical = records.stream().filter(r -> r.stack().equals("classical")).findFirst().orElseThrow();
        JsonNode classicalDoc = Recording.read(files.get(0));
        assertThat(classicalDoc.get("episode").get("stack").asText()).isEqualTo("classical");

        // the profile lives under target/, not in the test's temporary folder: Chromium may still be writing
        // into it while the folder is deleted
        Path profile = java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(
            Path.of("target", "browser")), "profile-");
        try (HeadlessChromium chrome = new HeadlessChromium(profile.resolve("chromium"), 1250, 1700)) {
            chrome.open(run.resolve(ReportWriter.HTML).toUri() + "#a=0");
            chrome.await("document.getElementById('replay') && document.getElementById('replay').dataset.ready", 90);
            assertThat(chrome.eval("JSON.stringify(window.__errors)").asText()).isEqualTo("[]");
            double firstFrameMs = chrome.eval("stackarenaReplay.pageFirstFrameMs()").asDouble();
            assertThat(firstFrameMs).isPositive();

            // both canvases draw a scene, not a blank clear colour
            assertThat(chrome.eval("stackarenaReplay.colours(0)").asInt()).isGreaterThan(30);
            assertThat(chrome.eval("stackarenaReplay.colours(1)").asInt()).isGreaterThan(30);
            assertThat(chrome.eval("stackarenaReplay.state.duration").asDouble())
                .isEqualTo(records.stream().mapToDouble(EpisodeRecord::simTimeS).max().orElseThrow(), within(1e-9));

            // scrubbing to the end shows the object where the record says it ended
            chrome.eval("stackarenaReplay.seek(1e9)");
            Files.write(Files.createDirectories(Path.of("browser")).resolve("replay-end.png"),
                chrome.screenshot("replay"));
            JsonNode end = chrome.eval("stackarenaReplay.probe(0)");
            assertThat(end.get("shows").asDouble()).isEqualTo(classical.simTimeS(), within(1e-9));
            JsonNode fin = classicalDoc.get("final_object").get("pos");
            for (int c = 0; c < 3; c++) {
                assertThat(end.get("object").get(c).asDouble()).as("object axis " + c)
                    .isCloseTo(fin.get(c).asDouble(), within(Recording.POS_UNIT));
            }
            assertThat(nearestColour(end.get("rgba"), classicalDoc, end.get("objectRgba")))
                .as("the pixel at the object's projection has the object's colour: " + end).isTrue();

            // the timeline has one lane per loop of the stack, in declaration order
            List<String> loops = new ArrayList<>(classical.loops().keySet());
            assertThat(end.get("timelineLanes").asInt()).isEqualTo(loops.size());
            List<String> drawn = new ArrayList<>();
            end.get("loops").forEach(n -> drawn.add(n.asText()));
            assertThat(drawn).isEqualTo(loops);

            // two episodes side by side stay time-locked: seeking and playing move both
            chrome.eval("stackarenaReplay.seek(1.5)");
            assertLocked(chrome, 1.5);

            // hovering the timeline at the cursor names the first loop's tick there; hovering the matrix, the seeds
            String hover = "(el, x, y) => { const r = el.getBoundingClientRect(); el.dispatchEvent(new MouseEvent("
                + "'mousemove', {clientX: r.left + x * r.width / (el.width || r.width),"
                + " clientY: r.top + y * r.height / (el.height || r.height), bubbles: true}));"
                + " return document.getElementById('tip').textContent; }";
            String tip = chrome.eval("(" + hover + ")(document.getElementById('timeline-a'), stackarenaReplay"
                + ".probe(0).timelineCursorX + 1, 40)").asText();
            assertThat(tip).startsWith(loops.get(0) + " tick 30 at 1.500 s, modelled latency 0.0 ms");
            String cell = chrome.eval("(" + hover + ")(document.querySelector('#matrix-success td[data-tip]'), 5, 5)")
                .asText();
            assertThat(cell).startsWith("classical | pick-place | lab").contains("succeeded: " + classical.seed());
            chrome.eval("stackarenaReplay.play()");
            Thread.sleep(1500);
            chrome.eval("stackarenaReplay.pause()");
            double t = chrome.eval("stackarenaReplay.state.t").asDouble();
            assertThat(t).isGreaterThan(1.5);
            assertLocked(chrome, t);

            Path shots = Files.createDirectories(Path.of("browser"));
            chrome.eval("stackarenaReplay.seek(4.5)");
            Files.write(shots.resolve("replay.png"), chrome.screenshot("replay"));
            Files.writeString(shots.resolve("replay-first-frame.json"), String.format(java.util.Locale.ROOT,
                "{\"first_frame_ms\": %.1f, \"report_html_bytes\": %d}%n", firstFrameMs,
                Files.size(run.resolve(ReportWriter.HTML))));
        }
    }

    private static void assertLocked(HeadlessChromium chrome, double t) throws Exception {
        JsonNode a = chrome.eval("stackarenaReplay.probe(0)");
        JsonNode b = chrome.eval("stackarenaReplay.probe(1)");
        assertThat(a.get("shows").asDouble()).isEqualTo(t, within(1e-9));
        assertThat(b.get("shows").asDouble()).isEqualTo(t, within(1e-9));
        assertThat(a.get("timelineCursorX").asDouble()).isEqualTo(b.get("timelineCursorX").asDouble(), within(1e-9));
    }

    /**
     * Whether {@code pixel}'s colour is nearer (by direction in linear RGB, where lighting scales a colour) to the
     * object's than to any other geom colour. Geom colours are sRGB, as MuJoCo draws them.
     */
    private static boolean nearestColour(JsonNode pixel, JsonNode doc, JsonNode objectRgba) {
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) {
            p[i] = linear(pixel.get(i).asDouble() / 255);
        }
        double own = cosine(p, objectRgba);
        for (JsonNode g : doc.get("geoms")) {
            JsonNode c = g.get("rgba");
            boolean same = true;
            for (int i = 0; i < 3; i++) {
                same &= Math.abs(c.get(i).asDouble() - objectRgba.get(i).asDouble()) < 1e-6;
            }
            if (!same && cosine(p, c) >= own) {
                return false;
            }
        }
        return true;
    }

    private static double linear(double srgb) {
        return srgb <= 0.04045 ? srgb / 12.92 : Math.pow((srgb + 0.055) / 1.055, 2.4);
    }

    private static double cosine(double[] p, JsonNode c) {
        double dot = 0;
        double np = 0;
        double nc = 0;
        for (int i = 0; i < 3; i++) {
            double x = linear(c.get(i).asDouble());
            dot += p[i] * x;
            np += p[i] * p[i];
            nc += x * x;
        }
        return dot / Math.sqrt(np * nc + 1e-12);
    }
}
