package org.stackarena.policies.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.stackarena.policies.data.DatasetException;
import org.stackarena.policies.data.DemoEpisode;
import org.stackarena.policies.data.DemoWriter;
import org.stackarena.policies.data.Npy;

/**
 * Converts the older {@code .npy} layout ({@link DemoWriter}) into a LeRobot v3.0 dataset: every stored
 * episode with all its arrays and cameras, in index order, and every failed attempt as a journal line
 * (so a collect resumed on the converted dataset skips it). The target is written with
 * {@link LeRobotWriter}; a converted dataset can be resumed by {@code collect} like any other.
 */
public final class NpyConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NpyConverter() {}

    /** A dataset of the older layout: its settings and its stored episodes with their families. */
    public record NpyDataset(double fps, List<String> cameras, int width, int height, List<DemoEpisode> episodes,
                             List<String> families) {}

    /** Reads every stored episode of an older-layout dataset, all arrays and cameras, in index order. */
    public static NpyDataset read(Path from) throws IOException {
        Path infoFile = from.resolve("meta/info.json");
        if (!Files.isRegularFile(infoFile)) {
            throw new DatasetException(infoFile + ": missing (not a dataset written by collect)");
        }
        JsonNode info = JSON.readTree(infoFile.toFile());
        if (LeRobotReader.isV3(from)) {
            throw new DatasetException(infoFile + ": field codebase_version is already v3.x; not the .npy layout");
        }
        double fps = info.path("fps").asDouble(0);
        List<String> cameras = new ArrayList<>();
        int h = -1, w = -1;
        for (var it = info.path("features").fields(); it.hasNext(); ) {
            var f = it.next();
            if (f.getKey().startsWith(LeRobotLayout.IMAGES)) {
                cameras.add(f.getKey().substring(LeRobotLayout.IMAGES.length()));
                h = f.getValue().path("shape").path(0).asInt();
                w = f.getValue().path("shape").path(1).asInt();
            }
        }
        if (!(fps > 0) || cameras.isEmpty() || h < 1 || w < 1) {
            throw new DatasetException(infoFile + ": needs fps and observation.images.* features with a shape");
        }
        List<JsonNode> rows = DemoWriter.readLines(from.resolve("meta/episodes.jsonl"));
        rows.sort((a, b) -> Integer.compare(a.get("episode_index").asInt(), b.get("episode_index").asInt()));
        List<DemoEpisode> episodes = new ArrayList<>();
        List<String> families = new ArrayList<>();
        for (JsonNode e : rows) {
            String scenario = e.get("scenario").asText();
            Path dir = DemoWriter.episodeDir(from, e.get("episode_index").asInt());
            Npy.Array s = Npy.read(dir.resolve("observation.state.npy"));
            Npy.Array a = Npy.read(dir.resolve("action.npy"));
            Npy.Array t = Npy.read(dir.resolve("timestamp.npy"));
            Npy.Array j = Npy.read(dir.resolve("observation.joints.npy"));
            Path envFile = dir.resolve(DemoWriter.ENV_FILE);
            Npy.Array env = Files.isRegularFile(envFile) ? Npy.read(envFile) : null;
            Map<String, Npy.Array> images = new LinkedHashMap<>();
            for (String c : cameras) {
                images.put(c, Npy.read(dir.resolve(LeRobotLayout.IMAGES + c + ".npy")));
            }
            int len = s.shape()[0], sd = s.shape()[1], ad = a.shape()[1], jd = j.shape()[1];
            int ed = env == null ? 0 : env.shape()[1];
            int px = h * w * 3;
            List<DemoEpisode.Frame> frames = new ArrayList<>();
            for (int k = 0; k < len; k++) {
                Map<String, byte[]> imgs = new LinkedHashMap<>();
                for (String c : cameras) {
                    byte[] one = new byte[px];
                    System.arraycopy(images.get(c).bytes(), k * px, one, 0, px);
                    imgs.put(c, one);
                }
                frames.add(new DemoEpisode.Frame(t.floats()[k], slice(s.floats(), k, sd), slice(j.floats(), k, jd),
                    slice(a.floats(), k, ad), imgs, env == null ? null : slice(env.floats(), k, ed)));
            }
            episodes.add(new DemoEpisode(scenario, e.get("robot").asText(), e.get("seed").asLong(),
                e.get("condition").asText(), e.get("tasks").get(0).asText(), e.path("success").asBoolean(true), null, fps,
                frames));
            families.add(e.path("family").asText(scenario));
        }
        return new NpyDataset(fps, cameras, w, h, episodes, families);
    }

    /**
     * Converts {@code from} into {@code to}.
     *
     * @param progress receives one line per converted episode
     * @return the number of episodes converted
     */
    public static int convert(Path from, Path to, VideoCodec codec, Consumer<String> progress) throws IOException {
        NpyDataset src = read(from);
        int n = 0;
        try (LeRobotWriter out = LeRobotWriter.builder().setRoot(to).setFps(src.fps()).setCameras(src.cameras())
            .setImageSize(src.width(), src.height()).optCodec(codec).build()) {
            for (int i = 0; i < src.episodes().size(); i++) {
                DemoEpisode ep = src.episodes().get(i);
                if (out.attempted(ep.scenario(), ep.robot(), ep.condition(), ep.seed())) {
                    continue;
                }
                out.append(ep, src.families().get(i), true);
                n++;
                progress.accept("convert: episode " + i + " (" + ep.scenario() + " seed " + ep.seed() + ", "
                    + ep.frames().size() + " frames)");
            }
            for (JsonNode a : DemoWriter.readLines(from.resolve("meta/attempts.jsonl"))) {
                if (a.path("episode_index").asInt(-1) >= 0) {
                    continue;
                }
                String scenario = a.get("scenario").asText(), robot = a.get("robot").asText();
                String condition = a.get("condition").asText();
                long seed = a.get("seed").asLong();
                if (!out.attempted(scenario, robot, condition, seed)) {
                    out.append(new DemoEpisode(scenario, robot, seed, condition, "", a.path("success").asBoolean(false),
                        a.path("failure_reason").asText(null), src.fps(), List.of()), scenario, false);
                }
            }
        }
        return n;
    }

    private static float[] slice(float[] a, int k, int d) {
        float[] o = new float[d];
        System.arraycopy(a, k * d, o, 0, d);
        return o;
    }
}
