package org.stackarena.policies.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes demonstrations in a LeRobot-v2.1-style layout (documented in {@code policies/DATASET.md}),
 * one episode at a time, resumably:
 *
 * <pre>
 * meta/info.json        fps, features (dtype/shape/names), totals, data_path template
 * meta/episodes.jsonl   one line per kept episode (index, tasks, length, scenario, seed, ...)
 * meta/tasks.jsonl      one line per distinct instruction
 * meta/attempts.jsonl   one line per episode run (kept or not): what a resumed collect skips
 * data/chunk-000/episode_000000/{observation.state,observation.joints,action,timestamp,
 *                                observation.images.front,observation.images.wrist}.npy
 * </pre>
 *
 * <p>An episode's files go to a temporary folder that is renamed into place before its line is
 * appended (and flushed) to {@code episodes.jsonl}; on opening, folders without a line are
 * removed, so a killed collect resumes with neither duplicates nor half episodes.
 */
public final class DemoWriter implements DemoSink {

    /** Episodes per chunk folder. */
    public static final int CHUNK = 1000;
    /** Format version written to info.json. */
    public static final String CODEBASE_VERSION = "v2.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final double fps;
    private final List<String> cameras;
    private final int width, height;
    private final Set<String> attempted = new HashSet<>();
    private final Map<String, Integer> tasks = new LinkedHashMap<>();
    private int episodes;
    private long frames;
    private int joints = -1;
    private boolean withEnv;

    /** File name of the privileged environment state (auxiliary training targets), when recorded. */
    public static final String ENV_FILE = "observation.environment_state.npy";

    /** Opens (creating or resuming) the dataset at {@code root}. */
    public DemoWriter(Path root, double fps, List<String> cameras, int width, int height) throws IOException {
        this.root = root;
        this.fps = fps;
        this.cameras = List.copyOf(cameras);
        this.width = width;
        this.height = height;
        Files.createDirectories(root.resolve("meta"));
        Path info = root.resolve("meta/info.json");
        if (Files.isRegularFile(info)) {
            JsonNode n = JSON.readTree(info.toFile());
            if (n.path("fps").asDouble() != fps) {
                throw new IOException(info + ": field fps is " + n.path("fps").asDouble()
                    + " but this collect records at " + fps);
            }
            JsonNode img = n.path("features").path("observation.images." + cameras.get(0)).path("shape");
            if (img.isArray() && (img.get(0).asInt() != height || img.get(1).asInt() != width)) {
                throw new IOException(info + ": field features.observation.images." + cameras.get(0)
                    + ".shape is " + img + " but this collect records " + height + "x" + width);
            }
        }
        Set<Integer> kept = new HashSet<>();
        for (JsonNode e : readLines(root.resolve("meta/episodes.jsonl"))) {
            kept.add(e.get("episode_index").asInt());
            attempted.add(key(e.get("scenario").asText(), e.get("robot").asText(), e.get("condition").asText(),
                e.get("seed").asLong()));
            episodes = Math.max(episodes, e.get("episode_index").asInt() + 1);
            frames += e.get("length").asLong();
            joints = e.path("joints").asInt(joints);
            withEnv |= Files.exists(episodeDir(root, e.path("episode_index").asInt()).resolve(ENV_FILE));
        }
        for (JsonNode t : readLines(root.resolve("meta/tasks.jsonl"))) {
            tasks.put(t.get("task").asText(), t.get("task_index").asInt());
        }
        for (JsonNode a : readLines(root.resolve("meta/attempts.jsonl"))) {
            attempted.add(key(a.get("scenario").asText(), a.get("robot").asText(), a.get("condition").asText(),
                a.get("seed").asLong()));
        }
        Path data = root.resolve("data");
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.walk(data, 2)) {
                for (Path p : s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("episode_")
                    || p.getFileName().toString().startsWith(".tmp-")).toList()) {
                    String n = p.getFileName().toString();
                    boolean keep = n.startsWith("episode_") && kept.contains(Integer.parseInt(n.substring(8)));
                    if (!keep) {
                        deleteTree(p);
                    }
                }
            }
        }
    }

    private static String key(String scenario, String robot, String condition, long seed) {
        return scenario + "|" + robot + "|" + condition + "|" + seed;
    }

    /** Reads JSON lines, dropping (and truncating away) a torn line (a killed write). */
    public static List<JsonNode> readLines(Path file) throws IOException {
        return DataFiles.readJsonLines(file, true);
    }

    @Override
    public synchronized boolean attempted(String scenario, String robot, String condition, long seed) {
        return attempted.contains(key(scenario, robot, condition, seed));
    }

    @Override
    public synchronized int episodes() {
        return episodes;
    }

    @Override
    public synchronized long frames() {
        return frames;
    }

    @Override
    public synchronized int append(DemoEpisode ep, String family, boolean keep) throws IOException {
        int index = -1;
        if (keep && !ep.frames().isEmpty()) {
            index = episodes;
            Path dir = episodeDir(root, index);
            Path tmp = dir.resolveSibling(".tmp-" + dir.getFileName());
            deleteTree(tmp);
            Files.createDirectories(tmp);
            int t = ep.frames().size();
            int nj = ep.frames().get(0).joints().length;
            float[] state = new float[t * 8];
            float[] act = new float[t * 7];
            float[] ts = new float[t];
            float[] jt = new float[t * nj];
            for (int k = 0; k < t; k++) {
                DemoEpisode.Frame f = ep.frames().get(k);
                System.arraycopy(f.state(), 0, state, k * 8, 8);
                System.arraycopy(f.action(), 0, act, k * 7, 7);
                System.arraycopy(f.joints(), 0, jt, k * nj, nj);
                ts[k] = (float) f.timestamp();
            }
            Npy.writeFloats(tmp.resolve("observation.state.npy"), state, t, 8);
            Npy.writeFloats(tmp.resolve("action.npy"), act, t, 7);
            Npy.writeFloats(tmp.resolve("timestamp.npy"), ts, t);
            Npy.writeFloats(tmp.resolve("observation.joints.npy"), jt, t, nj);
            if (ep.frames().get(0).env() != null) {
                int ne = DemoEpisode.ENV_NAMES.size();
                float[] env = new float[t * ne];
                for (int k = 0; k < t; k++) {
                    System.arraycopy(ep.frames().get(k).env(), 0, env, k * ne, ne);
                }
                Npy.writeFloats(tmp.resolve(ENV_FILE), env, t, ne);
                withEnv = true;
            }
            for (String c : cameras) {
                byte[] all = new byte[t * height * width * 3];
                for (int k = 0; k < t; k++) {
                    byte[] img = ep.frames().get(k).images().get(c);
                    if (img == null || img.length != height * width * 3) {
                        throw new IOException("episode " + ep.scenario() + "/" + ep.seed() + ": camera " + c
                            + " frame " + k + " is not " + height + "x" + width + " RGB");
                    }
                    System.arraycopy(img, 0, all, k * img.length, img.length);
                }
                Npy.writeBytes(tmp.resolve("observation.images." + c + ".npy"), all, t, height, width, 3);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            Integer task = tasks.get(ep.instruction());
            if (task == null) {
                task = tasks.size();
                tasks.put(ep.instruction(), task);
                ObjectNode tn = JSON.createObjectNode().put("task_index", task).put("task", ep.instruction());
                appendLine(root.resolve("meta/tasks.jsonl"), tn);
            }
            ObjectNode e = JSON.createObjectNode();
            e.put("episode_index", index);
            e.putArray("tasks").add(ep.instruction());
            e.put("task_index", task);
            e.put("length", t);
            e.put("scenario", ep.scenario());
            e.put("family", family);
            e.put("robot", ep.robot());
            e.put("seed", ep.seed());
            e.put("condition", ep.condition());
            e.put("success", ep.success());
            e.put("joints", nj);
            appendLine(root.resolve("meta/episodes.jsonl"), e);
            episodes++;
            frames += t;
            joints = nj;
            writeInfo();
        }
        ObjectNode a = JSON.createObjectNode();
        a.put("scenario", ep.scenario());
        a.put("robot", ep.robot());
        a.put("condition", ep.condition());
        a.put("seed", ep.seed());
        a.put("success", ep.success());
        a.put("failure_reason", ep.failureReason());
        a.put("episode_index", index);
        appendLine(root.resolve("meta/attempts.jsonl"), a);
        attempted.add(key(ep.scenario(), ep.robot(), ep.condition(), ep.seed()));
        return index;
    }

    /** Nothing to finish: every episode is complete on disk when {@link #append} returns. */
    @Override
    public void close() {
    }

    /** The folder of episode {@code index}. */
    public static Path episodeDir(Path root, int index) {
        return root.resolve(String.format("data/chunk-%03d/episode_%06d", index / CHUNK, index));
    }

    private void writeInfo() throws IOException {
        ObjectNode info = JSON.createObjectNode();
        info.put("codebase_version", CODEBASE_VERSION);
        info.put("format", "stackarena-npy: LeRobot v2.1 meta files; per-episode folders of .npy arrays");
        info.put("robot_type", "stackarena");
        info.put("fps", fps);
        info.put("total_episodes", episodes);
        info.put("total_frames", frames);
        info.put("total_tasks", tasks.size());
        info.put("chunks_size", CHUNK);
        info.put("data_path", "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}/{feature}.npy");
        ObjectNode f = info.putObject("features");
        feature(f, "observation.state", "float32", List.of(8), DemoEpisode.STATE_NAMES);
        feature(f, "observation.joints", "float32", List.of(Math.max(joints, 0)), null);
        feature(f, "action", "float32", List.of(7), DemoEpisode.ACTION_NAMES);
        if (withEnv) {
            feature(f, "observation.environment_state", "float32", List.of(DemoEpisode.ENV_NAMES.size()),
                DemoEpisode.ENV_NAMES);
        }
        feature(f, "timestamp", "float32", List.of(1), null);
        for (String c : cameras) {
            feature(f, "observation.images." + c, "uint8", List.of(height, width, 3), List.of("height", "width", "channel"));
        }
        Path tmp = root.resolve("meta/info.json.tmp");
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), info);
        Files.move(tmp, root.resolve("meta/info.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void feature(ObjectNode f, String name, String dtype, List<Integer> shape, List<String> names) {
        ObjectNode n = f.putObject(name);
        n.put("dtype", dtype);
        ArrayNode s = n.putArray("shape");
        shape.forEach(s::add);
        if (names != null) {
            ArrayNode a = n.putArray("names");
            names.forEach(a::add);
        }
    }

    private static void appendLine(Path file, JsonNode n) throws IOException {
        DataFiles.appendSynced(file, n);
    }

    static void deleteTree(Path p) throws IOException {
        DataFiles.deleteTree(p);
    }
}
