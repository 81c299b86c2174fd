package org.stackarena.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.api.harness.EpisodeKey;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.ResultsStore;

/**
 * A finished (or interrupted) run directory, read without locking or modifying it.
 *
 * @param dir the directory
 * @param records the episode records in file order (a torn last line without a newline, as a
 *     killed run leaves, is skipped)
 * @param info {@code run.json}, null when the directory has none
 */
public record RunDir(Path dir, List<EpisodeRecord> records, RunInfo info) {

    /**
     * Reads {@code dir}.
     *
     * @throws UserInputException naming the directory, file and line when something is missing or
     *     malformed
     */
    public static RunDir read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such run directory");
        }
        Path file = dir.resolve(ResultsStore.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": missing (not a run directory of stackarena bench)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage());
        }
        List<EpisodeRecord> records = new ArrayList<>();
        Set<EpisodeKey> keys = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean last = i == lines.length - 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                EpisodeRecord r = Json.parseRecord(line);
                if (keys.add(r.key())) {
                    records.add(r);
                }
            } catch (IOException | RuntimeException e) {
                if (last) {
                    continue; // torn write of a killed run: no newline yet
                }
                String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage();
                throw new UserInputException(file + " line " + (i + 1) + ": not a valid episode record ("
                    + why.lines().findFirst().orElse("malformed") + ")");
            }
        }
        if (records.isEmpty()) {
            throw new UserInputException(file + ": no episode records");
        }
        RunInfo info;
        try {
            info = RunInfo.read(dir);
        } catch (IOException e) {
            throw new UserInputException(dir.resolve(RunInfo.FILE_NAME) + ": malformed ("
                + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        return new RunDir(dir, List.copyOf(records), info);
    }

    /** Whether {@code stack} is privileged: from {@code run.json}, else from the stack providers. */
    public boolean privileged(String stack) {
        if (info != null && info.stacks() != null) {
            return info.privileged(stack);
        }
        try {
            return org.stackarena.api.StackProvider.named(stack).privileged();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code stack}, with " (privileged)" appended when it reads ground truth. */
    public String label(String stack) {
        return privileged(stack) ? stack + " (privileged)" : stack;
    }
}
