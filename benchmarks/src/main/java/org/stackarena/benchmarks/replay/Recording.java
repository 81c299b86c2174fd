package org.stackarena.benchmarks.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.stackarena.api.harness.EpisodeKey;

/**
 * The recording file format, {@value #FORMAT}: one gzip'd JSON document per episode in
 * {@code <run>/recordings/<stack>/}, described field by field in {@code benchmarks/RECORDING.md}.
 * Series are integers, delta-encoded (each value is the difference to the previous one of its
 * series), so the file is small once compressed; {@link #undelta} decodes one.
 */
public final class Recording {

    /** The {@code format} field of every recording. */
    public static final String FORMAT = "stackarena-recording/1";
    /** The folder in a run directory. */
    public static final String DIR = "recordings";
    /** Positions are stored in units of this many metres. */
    public static final double POS_UNIT = 1e-4;
    /** Quaternion components are stored in units of this. */
    public static final double QUAT_UNIT = 1e-4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Recording() {
    }

    /** The file of an episode's recording in a run directory. */
    public static Path file(Path runDir, EpisodeKey key) {
        String stack = key.variant().isEmpty() ? key.stack() : key.stack() + "@" + key.variant();
        String name = String.join("_", key.scenario(), key.robot(), key.condition(), Long.toString(key.seed()));
        return runDir.resolve(DIR).resolve(safe(stack)).resolve(safe(name) + ".json.gz");
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    /** Writes {@code doc} gzip'd to {@code file} (through a temporary file, so a reader never sees half). */
    public static void write(Path file, ObjectNode doc) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            JSON.writeValue(out, doc);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a recording. */
    public static JsonNode read(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return JSON.readTree(in);
        }
    }

    /** Every recording file under {@code runDir/recordings}, sorted by path; empty if none. */
    public static List<Path> list(Path runDir) throws IOException {
        Path dir = runDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    /** Decodes a delta-encoded series into absolute values. */
    public static long[] undelta(JsonNode series) {
        long[] out = new long[series.size()];
        long acc = 0;
        for (int i = 0; i < out.length; i++) {
            acc += series.get(i).asLong();
            out[i] = acc;
        }
        return out;
    }

    /** Delta-encodes {@code values[0..n)}. */
    static List<Long> delta(long[] values, int n) {
        List<Long> out = new ArrayList<>(n);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            out.add(values[i] - prev);
            prev = values[i];
        }
        return out;
    }
}
