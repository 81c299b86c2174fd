package org.stackarena.benchmarks.report;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One recorded episode GIF, listed in {@code videos/clips.json}.
 *
 * @param file GIF file name inside {@code videos/}
 * @param stack stack name
 * @param scenario scenario id
 * @param condition condition
 * @param robot robot id
 * @param seed episode seed
 * @param instruction the episode's instruction
 * @param success outcome of the recorded episode
 * @param failureReason its failure reason, null on success
 */
public record Clip(String file, String stack, String scenario, String condition, String robot, long seed,
                   String instruction, boolean success, String failureReason) {

    /** The folder in a run directory. */
    public static final String DIR = "videos";
    /** The index file in {@link #DIR}. */
    public static final String INDEX = "clips.json";

    /** The caption: stack, task, instruction, outcome. */
    public String caption() {
        return stack + " | " + scenario + " (" + condition + ", seed " + seed + ") | \"" + instruction + "\" | "
            + (success ? "success" : "failure: " + failureReason);
    }

    /** Reads {@code runDir/videos/clips.json}; empty if absent. */
    public static List<Clip> readAll(Path runDir) throws IOException {
        Path f = runDir.resolve(DIR).resolve(INDEX);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        return RunInfo.MAPPER.readValue(f.toFile(), new TypeReference<List<Clip>>() {});
    }

    /** Writes {@code runDir/videos/clips.json}. */
    public static void writeAll(Path runDir, List<Clip> clips) throws IOException {
        Path d = runDir.resolve(DIR);
        Files.createDirectories(d);
        RunInfo.MAPPER.writeValue(d.resolve(INDEX).toFile(), clips);
    }
}
