package org.stackarena.policies.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.stackarena.policies.data.DatasetException;
import org.stackarena.policies.data.DemoDataset;
import org.stackarena.policies.data.DemoEpisode;

/**
 * Reads a LeRobot v3.0 dataset, ours or anyone's, as far as it carries the features asked for:
 * {@code observation.state} (float32 [8], {@link DemoEpisode#STATE_NAMES} when named), {@code action}
 * (float32 [7]), camera features stored as video (decoded with ffmpeg) or as image columns (PNG/JPEG
 * bytes), and optionally {@code observation.environment_state} and {@code observation.joints}.
 * Episodes are located through {@code meta/episodes}: rows of the data files by
 * {@code episode_index}, video frames from {@code videos/<key>/from_timestamp} at {@code fps}.
 * A missing or malformed feature is a {@link DatasetException} naming the file and field.
 */
public final class LeRobotReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final JsonNode info;
    private final double fps;

    private LeRobotReader(Path root) throws IOException {
        this.root = root;
        Path file = root.resolve(LeRobotLayout.INFO);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": missing (not a LeRobot dataset)");
        }
        try {
            info = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String v = info.path("codebase_version").asText("");
        if (!v.startsWith("v3.")) {
            throw new DatasetException(file + ": field codebase_version is '" + v + "'; this reader takes v3.x");
        }
        fps = info.path("fps").asDouble(0);
        if (!(fps > 0)) {
            throw new DatasetException(file + ": field fps is missing or not positive");
        }
    }

    /** Whether {@code root} holds a LeRobot v3.x dataset (by its info.json). */
    public static boolean isV3(Path root) {
        try {
            JsonNode n = JSON.readTree(root.resolve(LeRobotLayout.INFO).toFile());
            return n.path("codebase_version").asText("").startsWith("v3.");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Loads the episodes of the given families (all when empty; episodes without a {@code family}
     * column count as their scenario, or as "" when that is missing too) for training, with one camera.
     *
     * @param requireEnv whether {@code observation.environment_state} must be present (two-stage training)
     */
    public static DemoDataset loadForTraining(Path root, String camera, Set<String> families, boolean requireEnv)
        throws IOException {
        LeRobotReader r = new LeRobotReader(root);
        r.require("observation.state", "float32", DemoEpisode.STATE_NAMES, "the VLA's proprioception");
        r.require("action", "float32", DemoEpisode.ACTION_NAMES, "the behaviour-cloning labels");
        if (requireEnv) {
            r.require("observation.environment_state", "float32", DemoEpisode.ENV_NAMES,
                "two-stage training (--latent-dim 0) learns System 1 from recorded goals");
        }
        int[] hw = r.camera(camera);
        List<Loaded> eps = r.read(List.of(camera), families);
        List<DemoDataset.Episode> out = new ArrayList<>();
        for (Loaded e : eps) {
            out.add(new DemoDataset.Episode(e.index, e.scenario, e.family, e.task, e.length, e.state, e.action,
                e.images.get(camera), e.env));
        }
        return DemoDataset.of(out, hw[1], hw[0], r.fps);
    }

    /**
     * Reads every episode with every feature this project records (for round-trip checks and
     * conversion): state, joints, action, environment state when present, timestamps, all cameras.
     */
    public static List<DemoEpisode> readEpisodes(Path root) throws IOException {
        LeRobotReader r = new LeRobotReader(root);
        List<String> cams = new ArrayList<>();
        r.info.path("features").fieldNames().forEachRemaining(k -> {
            if (k.startsWith(LeRobotLayout.IMAGES)) {
                cams.add(k.substring(LeRobotLayout.IMAGES.length()));
            }
        });
        for (String c : cams) {
            r.camera(c);
        }
        List<DemoEpisode> out = new ArrayList<>();
        for (Loaded e : r.read(cams, Set.of())) {
            List<DemoEpisode.Frame> frames = new ArrayList<>();
            int sd = DemoEpisode.STATE_NAMES.size(), ad = DemoEpisode.ACTION_NAMES.size();
            int jd = e.joints == null ? 0 : e.joints.length / e.length;
            int ed = DemoEpisode.ENV_NAMES.size();
            for (int k = 0; k < e.length; k++) {
                Map<String, byte[]> imgs = new LinkedHashMap<>();
                for (String c : cams) {
                    byte[] all = e.images.get(c);
                    int n = all.length / e.length;
                    byte[] one = new byte[n];
                    System.arraycopy(all, k * n, one, 0, n);
                    imgs.put(c, one);
                }
                frames.add(new DemoEpisode.Frame(e.timestamps[k], slice(e.state, k, sd), e.joints == null ? new float[0]
                    : slice(e.joints, k, jd), slice(e.action, k, ad), imgs, e.env == null ? null : slice(e.env, k, ed)));
            }
            out.add(new DemoEpisode(e.scenario, e.robot, e.seed, e.condition, e.task, e.success, null, r.fps, frames));
        }
        return out;
    }

    private static float[] slice(float[] a, int k, int d) {
        float[] o = new float[d];
        System.arraycopy(a, k * d, o, 0, d);
        return o;
    }

    /** One episode's columns, row-major. */
    private static final class Loaded {
        int index;
        int length;
        String task;
        String scenario = "";
        String family = "";
        String robot = "";
        String condition = "";
        long seed;
        boolean success = true;
        float[] state, action, env, joints;
        double[] timestamps;
        final Map<String, byte[]> images = new HashMap<>();
        long from;
        int dataChunk, dataFile;
        final Map<String, double[]> video = new HashMap<>();
    }

    private void require(String key, String dtype, List<String> names, String why) {
        Path file = root.resolve(LeRobotLayout.INFO);
        JsonNode f = info.path("features").path(key);
        if (f.isMissingNode()) {
            throw new DatasetException(file + ": features." + key + " missing: " + why + " needs it");
        }
        String dt = f.path("dtype").asText();
        JsonNode shape = f.path("shape");
        if (!dt.equals(dtype) || !shape.isArray() || shape.size() != 1 || shape.get(0).asInt() != names.size()) {
            throw new DatasetException(file + ": features." + key + " is " + dt + " " + shape + "; expected " + dtype
                + " [" + names.size() + "] (" + String.join(", ", names) + ")");
        }
        JsonNode n = f.path("names");
        if (n.isArray()) {
            List<String> got = new ArrayList<>();
            n.forEach(x -> got.add(x.asText()));
            if (!got.equals(names)) {
                throw new DatasetException(file + ": features." + key + ".names are " + got + "; this architecture "
                    + "expects " + names);
            }
        }
    }

    /** Height and width of a camera feature, checked. */
    private int[] camera(String camera) {
        Path file = root.resolve(LeRobotLayout.INFO);
        String key = LeRobotLayout.IMAGES + camera;
        JsonNode f = info.path("features").path(key);
        if (f.isMissingNode()) {
            throw new DatasetException(file + ": features." + key + " missing: the VLA's System 2 reads this camera");
        }
        String dt = f.path("dtype").asText();
        JsonNode s = f.path("shape");
        if (!(dt.equals("video") || dt.equals("image")) || !s.isArray() || s.size() != 3) {
            throw new DatasetException(file + ": features." + key + " is " + dt + " " + s + "; expected video or image "
                + "with shape [height, width, 3]");
        }
        boolean channelsFirst = f.path("names").path(0).asText().startsWith("channel");
        int h = s.get(channelsFirst ? 1 : 0).asInt(), w = s.get(channelsFirst ? 2 : 1).asInt();
        int c = s.get(channelsFirst ? 0 : 2).asInt();
        if (c != 3 || h < 1 || w < 1) {
            throw new DatasetException(file + ": features." + key + ".shape " + s + " is not an RGB image");
        }
        return new int[] {h, w};
    }

    private List<Loaded> read(List<String> cameras, Set<String> families) throws IOException {
        List<Loaded> eps = new ArrayList<>();
        boolean withEnv = info.path("features").has("observation.environment_state");
        boolean withJoints = info.path("features").has("observation.joints");
        try (Parquet pq = new Parquet()) {
            List<Path> metaFiles = files(root.resolve("meta/episodes"));
            if (metaFiles.isEmpty()) {
                throw new DatasetException(root.resolve("meta/episodes") + ": no episodes files (chunk-*/file-*.parquet)");
            }
            for (Path mf : metaFiles) {
                Map<String, String> cols = pq.columns(mf);
                for (String need : List.of("episode_index", "tasks", "length", "data/chunk_index", "data/file_index",
                    "dataset_from_index")) {
                    if (!cols.containsKey(need)) {
                        throw new DatasetException(mf + ": column " + need + " missing");
                    }
                }
                for (String c : cameras) {
                    String v = "videos/" + LeRobotLayout.IMAGES + c + "/";
                    if (info.path("features").path(LeRobotLayout.IMAGES + c).path("dtype").asText().equals("video")
                        && !cols.containsKey(v + "from_timestamp")) {
                        throw new DatasetException(mf + ": column " + v + "from_timestamp missing");
                    }
                }
                pq.query("SELECT * FROM read_parquet(" + Parquet.literal(mf.toString()) + ") ORDER BY episode_index", r -> {
                    Loaded e = new Loaded();
                    e.index = r.getInt("episode_index");
                    e.length = r.getInt("length");
                    List<String> t = Parquet.strings(r, "tasks");
                    e.task = t.isEmpty() ? "" : t.get(0);
                    e.from = r.getLong("dataset_from_index");
                    e.dataChunk = r.getInt("data/chunk_index");
                    e.dataFile = r.getInt("data/file_index");
                    if (cols.containsKey("scenario")) {
                        e.scenario = r.getString("scenario");
                    }
                    e.family = cols.containsKey("family") ? r.getString("family") : e.scenario;
                    if (cols.containsKey("robot")) {
                        e.robot = r.getString("robot");
                    }
                    if (cols.containsKey("condition")) {
                        e.condition = r.getString("condition");
                    }
                    if (cols.containsKey("seed")) {
                        e.seed = r.getLong("seed");
                    }
                    if (cols.containsKey("success")) {
                        e.success = r.getBoolean("success");
                    }
                    for (String c : cameras) {
                        String v = "videos/" + LeRobotLayout.IMAGES + c + "/";
                        if (cols.containsKey(v + "from_timestamp")) {
                            e.video.put(c, new double[] {r.getInt(v + "chunk_index"), r.getInt(v + "file_index"),
                                r.getDouble(v + "from_timestamp")});
                        }
                    }
                    if (families.isEmpty() || families.contains(e.family)) {
                        eps.add(e);
                    }
                });
            }
            // frame rows, one data file at a time
            Map<String, List<Loaded>> byFile = new TreeMap<>();
            for (Loaded e : eps) {
                byFile.computeIfAbsent(e.dataChunk + "/" + e.dataFile, k -> new ArrayList<>()).add(e);
            }
            for (List<Loaded> group : byFile.values()) {
                Loaded g0 = group.get(0);
                Path df = LeRobotLayout.dataFile(root, g0.dataChunk, g0.dataFile);
                if (!Files.isRegularFile(df)) {
                    throw new DatasetException(df + ": missing (meta/episodes points episode " + g0.index + " at it)");
                }
                Map<Integer, Loaded> byIndex = new HashMap<>();
                for (Loaded e : group) {
                    byIndex.put(e.index, e);
                    e.state = new float[e.length * DemoEpisode.STATE_NAMES.size()];
                    e.action = new float[e.length * DemoEpisode.ACTION_NAMES.size()];
                    e.timestamps = new double[e.length];
                    if (withEnv) {
                        e.env = new float[e.length * DemoEpisode.ENV_NAMES.size()];
                    }
                }
                Map<String, String> cols = pq.columns(df);
                for (String need : List.of("observation.state", "action", "episode_index", "frame_index", "timestamp")) {
                    if (!cols.containsKey(need)) {
                        throw new DatasetException(df + ": column " + need + " missing");
                    }
                }
                Map<String, String> imageCols = new HashMap<>();
                for (String c : cameras) {
                    if (cols.containsKey(LeRobotLayout.IMAGES + c)) {
                        imageCols.put(c, LeRobotLayout.IMAGES + c);
                    }
                }
                int[] counts = new int[1];
                pq.query("SELECT * FROM read_parquet(" + Parquet.literal(df.toString()) + ") ORDER BY \"index\"", r -> {
                    Loaded e = byIndex.get(r.getInt("episode_index"));
                    if (e == null) {
                        return;
                    }
                    int k = r.getInt("frame_index");
                    if (k < 0 || k >= e.length) {
                        throw new DatasetException(df + ": frame_index " + k + " of episode " + e.index
                            + " outside its length " + e.length);
                    }
                    put(df, "observation.state", Parquet.floats(r, "observation.state"), e.state, k);
                    put(df, "action", Parquet.floats(r, "action"), e.action, k);
                    if (e.env != null) {
                        put(df, "observation.environment_state", Parquet.floats(r, "observation.environment_state"), e.env, k);
                    }
                    if (withJoints && cols.containsKey("observation.joints")) {
                        float[] j = Parquet.floats(r, "observation.joints");
                        if (e.joints == null) {
                            e.joints = new float[e.length * j.length];
                        }
                        put(df, "observation.joints", j, e.joints, k);
                    }
                    e.timestamps[k] = r.getFloat("timestamp");
                    for (Map.Entry<String, String> ic : imageCols.entrySet()) {
                        byte[] rgb = decodeImage(r, ic.getValue(), df);
                        byte[] all = e.images.computeIfAbsent(ic.getKey(), c -> new byte[e.length * rgb.length]);
                        System.arraycopy(rgb, 0, all, k * rgb.length, rgb.length);
                    }
                    counts[0]++;
                });
                int expected = group.stream().mapToInt(e -> e.length).sum();
                if (counts[0] != expected) {
                    throw new DatasetException(df + ": " + counts[0] + " rows for episodes " + g0.index + ".."
                        + group.get(group.size() - 1).index + " but meta/episodes gives them " + expected + " frames");
                }
            }
        }
        // video frames, one video file at a time
        for (String c : cameras) {
            String key = LeRobotLayout.IMAGES + c;
            if (!info.path("features").path(key).path("dtype").asText().equals("video")) {
                continue;
            }
            int[] hw = camera(c);
            Map<String, List<Loaded>> byFile = new TreeMap<>();
            for (Loaded e : eps) {
                double[] v = e.video.get(c);
                byFile.computeIfAbsent((int) v[0] + "/" + (int) v[1], k -> new ArrayList<>()).add(e);
            }
            for (List<Loaded> group : byFile.values()) {
                double[] v0 = group.get(0).video.get(c);
                Path vf = LeRobotLayout.videoFile(root, key, (int) v0[0], (int) v0[1]);
                if (!Files.isRegularFile(vf)) {
                    throw new DatasetException(vf + ": missing (meta/episodes points episode " + group.get(0).index
                        + " at it)");
                }
                int frame = hw[0] * hw[1] * 3;
                // episodes by first frame; frames stream through once, each copied into its episode
                List<Loaded> order = new ArrayList<>(group);
                order.sort(java.util.Comparator.comparingDouble(e -> e.video.get(c)[2]));
                int[] starts = new int[order.size()];
                int last = 0;
                for (int i = 0; i < starts.length; i++) {
                    Loaded e = order.get(i);
                    starts[i] = (int) Math.round(e.video.get(c)[2] * fps);
                    e.images.put(c, new byte[e.length * frame]);
                    last = Math.max(last, starts[i] + e.length);
                }
                int end = last;
                int[] next = {0};
                int got = Ffmpeg.decode(vf, hw[1], hw[0], (i, rgb) -> {
                    for (int j = next[0]; j < starts.length && starts[j] <= i; j++) {
                        Loaded e = order.get(j);
                        if (i < starts[j] + e.length) {
                            System.arraycopy(rgb, 0, e.images.get(c), (i - starts[j]) * frame, frame);
                        } else if (j == next[0]) {
                            next[0]++;
                        }
                    }
                    return i + 1 < end;
                });
                if (got < end) {
                    Loaded e = order.get(order.size() - 1);
                    throw new DatasetException(vf + ": has " + got + " frames; episodes up to " + e.index + " need "
                        + end);
                }
            }
        }
        return eps;
    }

    private static void put(Path file, String column, float[] v, float[] into, int k) {
        if (v == null) {
            throw new DatasetException(file + ": column " + column + " is null in a row");
        }
        int d = v.length;
        if ((k + 1) * d > into.length) {
            throw new DatasetException(file + ": column " + column + " has " + d + " values per row; expected "
                + into.length / Math.max(1, into.length / Math.max(1, d)));
        }
        System.arraycopy(v, 0, into, k * d, d);
    }

    private static byte[] decodeImage(ResultSet r, String column, Path file) throws java.sql.SQLException, IOException {
        Object o = r.getObject(column);
        byte[] bytes = null;
        if (o instanceof java.sql.Struct s) {
            for (Object a : s.getAttributes()) {
                if (a instanceof java.sql.Blob b) {
                    bytes = b.getBytes(1, (int) b.length());
                } else if (a instanceof byte[] b) {
                    bytes = b;
                }
            }
        } else if (o instanceof java.sql.Blob b) {
            bytes = b.getBytes(1, (int) b.length());
        }
        if (bytes == null) {
            throw new DatasetException(file + ": column " + column + " holds no image bytes");
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) {
            throw new DatasetException(file + ": column " + column + " holds bytes that are not a PNG/JPEG image");
        }
        byte[] rgb = new byte[img.getWidth() * img.getHeight() * 3];
        int i = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                rgb[i++] = (byte) (p >> 16);
                rgb[i++] = (byte) (p >> 8);
                rgb[i++] = (byte) p;
            }
        }
        return rgb;
    }

    /** The {@code chunk-*}/{@code file-*.parquet} files under a folder, in order. */
    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                .filter(p -> p.getParent().getFileName().toString().startsWith("chunk-")).sorted().toList();
        }
    }
}
