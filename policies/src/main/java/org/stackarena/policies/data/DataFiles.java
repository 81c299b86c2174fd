package org.stackarena.policies.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File helpers both dataset writers use: JSON-lines journals that survive a kill, and folder removal. */
public final class DataFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DataFiles() {}

    /**
     * Reads JSON lines, skipping a torn line (a killed write). With {@code repair} (only the process that
     * writes the file may ask for it) the torn line is also removed from the file, atomically.
     */
    public static List<JsonNode> readJsonLines(Path file, boolean repair) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        StringBuilder good = new StringBuilder();
        boolean torn = false;
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(l));
                good.append(l).append('\n');
            } catch (IOException e) {
                torn = true;
            }
        }
        if (torn && repair) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, good, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return out;
    }

    /** Appends one JSON line and syncs it to the disk before returning. */
    public static void appendSynced(Path file, JsonNode n) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.delete(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
