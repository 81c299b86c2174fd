package org.stackarena.seeds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A named list of episode seeds: which episodes of each scenario a suite runs. Shipped sets are
 * {@code smoke}, {@code ci} and {@code full}; users may give a file of the same shape:
 * {@code {"name": "...", "description": "...", "seeds": [1, 2, 3]}}. Evaluation seeds never
 * overlap the seeds used to collect training demonstrations ({@link #TRAINING_BASE} and up).
 *
 * @param name set name
 * @param description what it is for
 * @param seeds the seeds, distinct
 */
public record SeedSet(String name, String description, List<Long> seeds) {

    /** The shipped seed sets. */
    public static final List<String> SHIPPED = List.of("smoke", "ci", "full");

    /** Seeds at or above this are reserved for collecting training demonstrations. */
    public static final long TRAINING_BASE = 100_000;

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Validates the seeds. */
    public SeedSet {
        if (name == null || seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("a seed set needs a name and at least one seed");
        }
        Set<Long> seen = new HashSet<>();
        for (Long s : seeds) {
            if (s == null || s < 0) {
                throw new IllegalArgumentException("seed set " + name + ": seeds must be non-negative integers");
            }
            if (s >= TRAINING_BASE) {
                throw new IllegalArgumentException("seed set " + name + ": seed " + s + " is reserved for training (>= "
                    + TRAINING_BASE + ")");
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("seed set " + name + ": seed " + s + " appears twice");
            }
        }
        seeds = List.copyOf(seeds);
    }

    /**
     * A shipped set by name, a seed file by path, an inclusive range {@code FIRST..LAST} or one seed
     * {@code N} (a range is named by its text, e.g. {@code 1000..1009}).
     *
     * @throws IllegalArgumentException with a one-line message naming the file or value and the problem
     */
    public static SeedSet load(String nameOrPath) {
        String t = nameOrPath.strip();
        if (t.matches("\\d+(\\.\\.\\d+)?")) {
            return range(t);
        }
        if (t.matches("-?\\d+(\\.\\.-?\\d+)?") || t.contains("..")) {
            throw new IllegalArgumentException("'" + nameOrPath + "' is not a seed range: give FIRST..LAST with "
                + "0 <= FIRST <= LAST < " + TRAINING_BASE + " (e.g. 1000..1009)");
        }
        if (SHIPPED.contains(nameOrPath)) {
            try (InputStream in = SeedSet.class.getResourceAsStream(nameOrPath + ".json")) {
                return parse(nameOrPath + ".json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shipped seed set " + nameOrPath, e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(nameOrPath + ": no such seed set (shipped: " + String.join(", ", SHIPPED)
                + "; or give a seed file)");
        }
        try {
            return parse(nameOrPath, Files.readString(p));
        } catch (IOException e) {
            throw new IllegalArgumentException(nameOrPath + ": cannot read: " + e.getMessage());
        }
    }

    private static SeedSet range(String text) {
        String[] r = text.split("\\.\\.");
        long first;
        long last;
        try {
            first = Long.parseLong(r[0]);
            last = r.length > 1 ? Long.parseLong(r[1]) : first;
        } catch (NumberFormatException e) {
            first = TRAINING_BASE;
            last = TRAINING_BASE;
        }
        if (first > last) {
            throw new IllegalArgumentException("'" + text + "' is an empty seed range: FIRST must be <= LAST "
                + "(e.g. 1000..1009)");
        }
        if (last >= TRAINING_BASE) {
            throw new IllegalArgumentException("'" + text + "': seeds must be below " + TRAINING_BASE
                + " (higher seeds are reserved for training)");
        }
        List<Long> seeds = new java.util.ArrayList<>();
        for (long x = first; x <= last; x++) {
            seeds.add(x);
        }
        return new SeedSet(text, "seeds " + text, seeds);
    }

    /** Parses seed-set JSON; problems are one line naming {@code source}. */
    public static SeedSet parse(String source, String json) {
        try {
            return MAPPER.readValue(json, SeedSet.class);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
            throw new IllegalArgumentException(source + ": " + msg.lines().findFirst().orElse("malformed seed set"));
        }
    }

    /** @return a short SHA-256 of the seeds, for reports (same seeds, same hash) */
    public String hash() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(seeds.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
