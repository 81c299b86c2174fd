package org.stackarena.policies.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a dataset written by {@link DemoWriter} into memory (for training). */
public final class DemoDataset {

    /**
     * One episode's arrays.
     *
     * @param index episode index
     * @param scenario scenario id
     * @param family task family
     * @param instruction instruction
     * @param length frames
     * @param state [length x 8]
     * @param action [length x 7]
     * @param images front camera, [length x H x W x 3]
     * @param features model state features, [length x 10]
     * @param env privileged environment state ({@link DemoEpisode#ENV_NAMES}), [length x 6], or null
     */
    public record Episode(int index, String scenario, String family, String instruction, int length,
                         float[] state, float[] action, byte[] images, float[] features, float[] env) {
        /** Builds the model features ({@link Geometry#features}, 10 per frame) from the stored states. */
        public Episode(int index, String scenario, String family, String instruction, int length,
                       float[] state, float[] action, byte[] images, float[] env) {
            this(index, scenario, family, instruction, length, state, action, images, features(state, length), env);
        }

        private static float[] features(float[] state, int length) {
            int d = Geometry.FEATURE_NAMES.size();
            float[] f = new float[length * d];
            for (int k = 0; k < length; k++) {
                System.arraycopy(Geometry.features(state, k * 8), 0, f, k * d, d);
            }
            return f;
        }
    }

    private final List<Episode> episodes;
    private final int width, height;
    private final double fps;

    private DemoDataset(List<Episode> episodes, int width, int height, double fps) {
        this.episodes = episodes;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    /** A dataset of already loaded episodes. */
    public static DemoDataset of(List<Episode> episodes, int width, int height, double fps) {
        return new DemoDataset(List.copyOf(episodes), width, height, fps);
    }

    /**
     * Loads the episodes of the given families (all when {@code families} is empty) with the named camera,
     * from a LeRobot v3.0 dataset or the older {@code .npy} layout.
     *
     * @param requireEnv whether {@code observation.environment_state} must be present (v3.0 datasets; the
     *     trainer checks the older layout itself)
     */
    public static DemoDataset load(Path root, String camera, Set<String> families, boolean requireEnv)
        throws IOException {
        if (org.stackarena.policies.data.lerobot.LeRobotReader.isV3(root)) {
            return org.stackarena.policies.data.lerobot.LeRobotReader.loadForTraining(root, camera, families, requireEnv);
        }
        return load(root, camera, families);
    }

    /** Loads the episodes of the given families (all when {@code families} is empty) with the named camera. */
    public static DemoDataset load(Path root, String camera, Set<String> families) throws IOException {
        if (org.stackarena.policies.data.lerobot.LeRobotReader.isV3(root)) {
            return org.stackarena.policies.data.lerobot.LeRobotReader.loadForTraining(root, camera, families, false);
        }
        Path info = root.resolve("meta/info.json");
        if (!Files.isRegularFile(info)) {
            throw new IOException(info + ": missing (not a StackArena dataset)");
        }
        JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(info.toFile());
        JsonNode shape = n.path("features").path("observation.images." + camera).path("shape");
        if (!shape.isArray()) {
            throw new IOException(info + ": field features.observation.images." + camera + " missing");
        }
        int h = shape.get(0).asInt(), w = shape.get(1).asInt();
        List<Episode> out = new ArrayList<>();
        for (JsonNode e : DemoWriter.readLines(root.resolve("meta/episodes.jsonl"))) {
            String family = e.path("family").asText(e.path("scenario").asText());
            if (!families.isEmpty() && !families.contains(family)) {
                continue;
            }
            int idx = e.get("episode_index").asInt();
            Path dir = DemoWriter.episodeDir(root, idx);
            Npy.Array s = Npy.read(dir.resolve("observation.state.npy"));
            Npy.Array a = Npy.read(dir.resolve("action.npy"));
            Npy.Array im = Npy.read(dir.resolve("observation.images." + camera + ".npy"));
            int len = s.shape()[0];
            if (a.shape()[0] != len || im.shape()[0] != len || im.shape()[1] != h || im.shape()[2] != w) {
                throw new IOException(dir + ": arrays disagree on length or image size");
            }
            float[] env = null;
            Path envFile = dir.resolve(DemoWriter.ENV_FILE);
            if (Files.isRegularFile(envFile)) {
                Npy.Array en = Npy.read(envFile);
                if (en.shape()[0] != len || en.shape()[1] != DemoEpisode.ENV_NAMES.size()) {
                    throw new IOException(envFile + ": shape must be [" + len + ", " + DemoEpisode.ENV_NAMES.size() + "]");
                }
                env = en.floats();
            }
            out.add(new Episode(idx, e.get("scenario").asText(), family, e.get("tasks").get(0).asText(), len,
                s.floats(), a.floats(), im.bytes(), env));
        }
        return new DemoDataset(out, w, h, n.path("fps").asDouble(10));
    }

    /** The episodes. */
    public List<Episode> episodes() {
        return episodes;
    }

    /** Image width. */
    public int width() {
        return width;
    }

    /** Image height. */
    public int height() {
        return height;
    }

    /** Frame rate. */
    public double fps() {
        return fps;
    }

    /** Total frames. */
    public long frames() {
        return episodes.stream().mapToLong(Episode::length).sum();
    }
}
