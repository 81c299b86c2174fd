package org.stackarena.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.stackarena.benchmarks.replay.Recording;

/**
 * The report's "Replay" section for a run with recordings ({@code bench --record K}): in HTML a 3D
 * view of two episodes side by side, time-locked (three.js, inlined from its WebJar), and under it
 * one loop timeline per episode; in Markdown the list of recordings with their sizes.
 */
final class ReplaySection {

    /** One recording: its file and what its header says. */
    record Entry(Path file, JsonNode episode, String label, long bytes) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplaySection.class);

    private ReplaySection() {
    }

    /** The run's readable recordings, in file order (unreadable ones are logged and left out); empty if none. */
    static List<Entry> entries(Path runDir) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path f : Recording.list(runDir)) {
            JsonNode doc;
            try {
                doc = Recording.read(f);
            } catch (IOException e) {
                LOG.warn("recording {} left out of the report: {}", f, e.toString());
                continue;
            }
            JsonNode e = doc.get("episode");
            if (e == null || !Recording.FORMAT.equals(doc.path("format").asText())) {
                LOG.warn("recording {} left out of the report: not {}", f, Recording.FORMAT);
                continue;
            }
            String variant = e.path("variant").asText("");
            String label = e.get("stack").asText() + (variant.isEmpty() ? "" : "@" + variant) + " | "
                + e.get("scenario").asText() + " | " + e.get("condition").asText() + " | " + e.get("robot").asText()
                + " | seed " + e.get("seed").asLong() + " | " + (e.get("success").asBoolean() ? "success"
                : "failure: " + e.path("failure_reason").asText());
            out.add(new Entry(f, e, label, Files.size(f)));
        }
        return out;
    }

    /** The Markdown: what was recorded, where, and how big each file is. */
    static void markdown(StringBuilder md, Path runDir, List<Entry> entries) {
        md.append("Open `report.html` for the 3D replay and the loop timelines. Format: `benchmarks/RECORDING.md` "
            + "(gzip'd JSON, `zcat FILE | jq .`).\n\n| recording | file | KB |\n|---|---|---:|\n");
        for (Entry e : entries) {
            md.append("| ").append(e.label().replace("|", "/")).append(" | `")
                .append(runDir.relativize(e.file()).toString().replace('\\', '/')).append("` | ")
                .append(String.format(Locale.ROOT, "%.1f", e.bytes() / 1024.0)).append(" |\n");
        }
        md.append('\n');
    }

    /** The HTML: player, views, timelines, the embedded recordings, three.js and the player's script. */
    static void html(StringBuilder html, List<Entry> entries) throws IOException {
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        html.append("<p>").append(entries.size()).append(" recorded episode(s), ")
            .append(String.format(Locale.ROOT, "%.1f KB", total / 1024.0))
            .append(" embedded. Pick an episode on each side (the right one defaults to the same seed under another"
                + " stack); both play on one clock. Drag to orbit, scroll to zoom. Timelines: one lane per loop;"
                + " ticks (black), modelled latency from tick to visibility (blue bars), deadline misses (red),"
                + " action-chunk arrivals (orange), and events: goal-estimate changes (blue diamonds), planner phases"
                + " (grey), grasp/release (green), success or failure. Click or drag a timeline to seek; hover for"
                + " details.</p>\n");
        html.append("<div id=\"replay\">\n<div class=\"pickers\">left <select id=\"pick-a\"></select> right "
            + "<select id=\"pick-b\"><option value=\"-1\">none</option></select></div>\n<div class=\"views\">");
        for (String v : List.of("view-a", "view-b")) {
            html.append("<div class=\"view\" id=\"").append(v).append("\"><canvas width=\"540\" height=\"400\">"
                + "</canvas><div class=\"caption\"></div></div>");
        }
        html.append("</div>\n<div class=\"controls\"><button id=\"play\">play</button> <input type=\"range\" "
            + "id=\"scrub\" min=\"0\" max=\"1\" step=\"0.002\" value=\"0\"> <span id=\"clock\"></span> speed <select "
            + "id=\"speed\"><option value=\"0.1\">0.1x</option><option value=\"0.25\">0.25x</option><option "
            + "value=\"0.5\">0.5x</option><option value=\"1\" selected>1x</option><option value=\"2\">2x</option>"
            + "<option value=\"4\">4x</option></select> timeline window <select id=\"zoom\"><option value=\"0\">"
            + "whole episode</option><option value=\"4\">4 s</option><option value=\"1\">1 s</option><option "
            + "value=\"0.25\">0.25 s</option><option value=\"0.05\">0.05 s</option></select></div>\n"
            + "<canvas id=\"timeline-a\" class=\"timeline\" width=\"1100\" height=\"100\"></canvas>\n"
            + "<canvas id=\"timeline-b\" class=\"timeline\" width=\"1100\" height=\"100\"></canvas>\n</div>\n");
        ArrayNode index = JSON.createArrayNode();
        for (Entry e : entries) {
            ObjectNode o = index.addObject();
            o.put("label", e.label());
            for (String f : List.of("stack", "variant", "scenario", "condition", "robot")) {
                o.put(f, e.episode().path(f).asText(""));
            }
            o.put("seed", e.episode().get("seed").asLong());
            o.put("gz", Base64.getEncoder().encodeToString(Files.readAllBytes(e.file())));
        }
        html.append("<script type=\"application/json\" id=\"recordings\">")
            .append(JSON.writeValueAsString(index).replace("</", "<\\/")).append("</script>\n");
        library(html, "lib-three-core", WebJars.text("three", "build/three.core.min.js"));
        library(html, "lib-three", WebJars.text("three", "build/three.module.min.js"));
        library(html, "lib-orbit", WebJars.text("three", "examples/jsm/controls/OrbitControls.js"));
        html.append("<script type=\"module\">\n").append(resource("replay.js")).append("</script>\n");
    }

    /** CSS of the section. */
    static String css() {
        return "#replay .views{display:flex;gap:8px;flex-wrap:wrap}#replay .view canvas{border:1px solid #ccc;"
            + "width:540px;height:400px;cursor:grab}#replay .caption{font-size:12px;max-width:540px;min-height:2.4em}"
            + "#replay .controls{margin:6px 0}#replay #scrub{width:520px;vertical-align:middle}"
            + "#replay canvas.timeline{display:block;width:1100px;margin:4px 0;border:1px solid #ddd}";
    }

    /** A library's source as inert text, imported by the player through a blob URL. */
    private static void library(StringBuilder html, String id, String source) {
        if (source.toLowerCase(Locale.ROOT).contains("</script") || source.contains("<!--")) {
            throw new IllegalStateException(id + " contains </script or <!-- and cannot be inlined as text");
        }
        html.append("<script type=\"text/plain\" id=\"").append(id).append("\">").append(source).append("</script>\n");
    }

    /** A text resource next to this class. */
    static String resource(String name) throws IOException {
        try (InputStream in = ReplaySection.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
