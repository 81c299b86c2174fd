package org.stackarena.policies.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a folder against the LeRobot v3.0 schema as LeRobot's loader uses it: {@code info.json}
 * fields, feature dtypes and shapes, the Parquet column types of data, episodes and tasks files,
 * episode bookkeeping (contiguous indices, from/to indices, row counts, timestamps at
 * frame_index / fps), video files (present, codec as recorded, enough frames) and stats.
 * Every problem is one line: {@code file: field: problem}.
 */
public final class DatasetValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final List<String> problems = new ArrayList<>();

    private DatasetValidator(Path root) {
        this.root = root;
    }

    /** The problems found (empty when the dataset is valid). */
    public static List<String> validate(Path root) {
        DatasetValidator v = new DatasetValidator(root);
        try {
            v.run();
        } catch (IOException e) {
            v.problems.add(root + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        return v.problems;
    }

    private void problem(Path file, String field, String what) {
        problems.add(root.relativize(file) + ": " + field + ": " + what);
    }

    private void run() throws IOException {
        Path infoFile = root.resolve(LeRobotLayout.INFO);
        if (!Files.isRegularFile(infoFile)) {
            problem(infoFile, "-", "missing");
            return;
        }
        JsonNode info;
        try {
            info = JSON.readTree(infoFile.toFile());
        } catch (IOException e) {
            problem(infoFile, "-", "not valid JSON");
            return;
        }
        if (!info.path("codebase_version").asText("").equals(LeRobotLayout.CODEBASE_VERSION)) {
            problem(infoFile, "codebase_version", "is " + info.path("codebase_version") + "; expected \""
                + LeRobotLayout.CODEBASE_VERSION + "\"");
        }
        for (String f : List.of("total_episodes", "total_frames", "total_tasks", "chunks_size", "fps")) {
            if (!info.path(f).isNumber() || info.path(f).asDouble() < 0 || (f.equals("fps") && info.path(f).asDouble() == 0)) {
                problem(infoFile, f, info.has(f) ? "is " + info.get(f) + "; expected a " + (f.equals("fps") ? "positive"
                    : "non-negative") + " number" : "missing");
            }
        }
        for (String f : List.of("data_files_size_in_mb", "video_files_size_in_mb")) {
            if (!info.path(f).isNumber()) {
                problem(infoFile, f, info.has(f) ? "is " + info.get(f) + "; expected a number" : "missing");
            }
        }
        for (String f : List.of("robot_type", "splits", "features")) {
            if (!info.has(f)) {
                problem(infoFile, f, "missing");
            }
        }
        if (!info.path("data_path").asText("").equals(LeRobotLayout.DATA_PATH)) {
            problem(infoFile, "data_path", "is " + info.path("data_path") + "; expected \"" + LeRobotLayout.DATA_PATH + "\"");
        }
        JsonNode features = info.path("features");
        List<String> videoKeys = new ArrayList<>();
        Map<String, String> expectedColumns = new LinkedHashMap<>();
        features.fieldNames().forEachRemaining(name -> {
            JsonNode f = features.get(name);
            String dtype = f.path("dtype").asText("");
            JsonNode shape = f.path("shape");
            String field = "features." + name;
            if (name.contains("/")) {
                problem(infoFile, field, "feature names must not contain '/'");
                return;
            }
            if (!shape.isArray() || shape.isEmpty()) {
                problem(infoFile, field + ".shape", shape.isMissingNode() ? "missing" : "is " + shape + "; expected a list of sizes");
                return;
            }
            switch (dtype) {
                case "video" -> {
                    videoKeys.add(name);
                    if (shape.size() != 3) {
                        problem(infoFile, field + ".shape", "is " + shape + "; a video feature is [height, width, channels]");
                    }
                    if (!f.path("info").isObject()) {
                        problem(infoFile, field + ".info", "missing (video.codec, video.pix_fmt, video.fps, ...)");
                    }
                    for (String k : List.of("video.codec", "video.pix_fmt", "video.fps", "video.height", "video.width")) {
                        if (f.path("info").isObject() && !f.path("info").has(k)) {
                            problem(infoFile, field + ".info." + k, "missing");
                        }
                    }
                }
                case "image" -> expectedColumns.put(name, "STRUCT");
                case "float32", "float64", "int64", "int32", "bool", "string" -> expectedColumns.put(name,
                    columnType(dtype, shape));
                default -> problem(infoFile, field + ".dtype", dtype.isEmpty() ? "missing" : "is '" + dtype + "'; expected "
                    + "video, image, float32, float64, int64, int32, bool or string");
            }
        });
        for (String[] d : LeRobotLayout.DEFAULT_FEATURES) {
            JsonNode f = features.path(d[0]);
            if (f.isMissingNode()) {
                problem(infoFile, "features." + d[0], "missing (LeRobot's loader needs it)");
            } else if (!f.path("dtype").asText().equals(d[1])) {
                problem(infoFile, "features." + d[0] + ".dtype", "is " + f.path("dtype") + "; expected \"" + d[1] + "\"");
            }
        }
        if (!videoKeys.isEmpty() && !info.path("video_path").asText("").equals(LeRobotLayout.VIDEO_PATH)) {
            problem(infoFile, "video_path", "is " + info.path("video_path") + "; expected \"" + LeRobotLayout.VIDEO_PATH + "\"");
        }
        if (Files.isDirectory(root.resolve(LeRobotLayout.STAGING))) {
            problem(root.resolve(LeRobotLayout.STAGING), "-", "staged episodes not yet joined into the dataset files: "
                + "a collect was interrupted; run the same collect again to finish it");
        }
        Path stats = root.resolve(LeRobotLayout.STATS);
        if (!Files.isRegularFile(stats)) {
            problem(stats, "-", "missing");
        } else {
            JsonNode s = JSON.readTree(stats.toFile());
            for (String k : List.of("observation.state", "action")) {
                if (features.has(k) && !s.path(k).has("mean")) {
                    problem(stats, k + ".mean", "missing");
                }
            }
        }
        double fps = info.path("fps").asDouble(0);
        try (Parquet pq = new Parquet()) {
            Path tasks = root.resolve(LeRobotLayout.TASKS);
            int taskCount = 0;
            if (!Files.isRegularFile(tasks)) {
                problem(tasks, "-", "missing");
            } else {
                Map<String, String> c = pq.columns(tasks);
                expect(tasks, c, "task_index", "BIGINT");
                expect(tasks, c, "task", "VARCHAR");
                int[] n = {0};
                pq.query("SELECT count(*) FROM read_parquet(" + Parquet.literal(tasks.toString()) + ")", r -> n[0] = r.getInt(1));
                taskCount = n[0];
                if (info.path("total_tasks").asInt(-1) != taskCount) {
                    problem(infoFile, "total_tasks", "is " + info.path("total_tasks") + " but " + LeRobotLayout.TASKS
                        + " has " + taskCount + " rows");
                }
            }
            List<Path> metaFiles = LeRobotReader.files(root.resolve("meta/episodes"));
            if (metaFiles.isEmpty()) {
                problem(root.resolve("meta/episodes"), "-", "no chunk-*/file-*.parquet files");
                return;
            }
            List<String> need = new ArrayList<>(List.of("episode_index", "tasks", "length", "data/chunk_index",
                "data/file_index", "dataset_from_index", "dataset_to_index", "meta/episodes/chunk_index",
                "meta/episodes/file_index"));
            for (String v : videoKeys) {
                for (String s : List.of("chunk_index", "file_index", "from_timestamp", "to_timestamp")) {
                    need.add("videos/" + v + "/" + s);
                }
            }
            long expectFrom = 0;
            int expectIndex = 0;
            Map<String, long[]> dataFiles = new LinkedHashMap<>();
            Map<String, Double> videoEnds = new HashMap<>();
            for (Path mf : metaFiles) {
                Map<String, String> c = pq.columns(mf);
                boolean ok = true;
                for (String n : need) {
                    String t = n.equals("tasks") ? "VARCHAR[]" : n.endsWith("_timestamp") ? "DOUBLE" : "BIGINT";
                    ok &= expect(mf, c, n, t);
                }
                if (!ok) {
                    continue;
                }
                List<Object[]> rows = new ArrayList<>();
                pq.query("SELECT * FROM read_parquet(" + Parquet.literal(mf.toString()) + ")", r -> {
                    Object[] row = new Object[need.size()];
                    for (int i = 0; i < need.size(); i++) {
                        row[i] = need.get(i).equals("tasks") ? Parquet.strings(r, "tasks") : r.getObject(need.get(i));
                    }
                    rows.add(row);
                });
                for (Object[] row : rows) {
                    long idx = ((Number) row[0]).longValue(), len = ((Number) row[2]).longValue();
                    long from = ((Number) row[5]).longValue(), to = ((Number) row[6]).longValue();
                    if (idx != expectIndex) {
                        problem(mf, "episode_index", "is " + idx + "; expected " + expectIndex + " (contiguous from 0)");
                    }
                    if (from != expectFrom || to != from + len) {
                        problem(mf, "dataset_from_index", "episode " + idx + " spans " + from + ".." + to + "; expected "
                            + expectFrom + ".." + (expectFrom + len));
                    }
                    if (((List<?>) row[1]).isEmpty()) {
                        problem(mf, "tasks", "episode " + idx + " has no task");
                    }
                    String df = ((Number) row[3]).intValue() + "/" + ((Number) row[4]).intValue();
                    dataFiles.computeIfAbsent(df, k -> new long[] {Long.MAX_VALUE, 0});
                    dataFiles.get(df)[0] = Math.min(dataFiles.get(df)[0], from);
                    dataFiles.get(df)[1] += len;
                    for (int v = 0; v < videoKeys.size(); v++) {
                        int b = 9 + 4 * v;
                        String vf = videoKeys.get(v) + "|" + ((Number) row[b]).intValue() + "/" + ((Number) row[b + 1]).intValue();
                        double vFrom = ((Number) row[b + 2]).doubleValue(), vTo = ((Number) row[b + 3]).doubleValue();
                        if (fps > 0 && Math.abs(vTo - vFrom - len / fps) > 1e-4 * Math.max(1, len)) {
                            problem(mf, "videos/" + videoKeys.get(v) + "/to_timestamp", "episode " + idx + " spans "
                                + (vTo - vFrom) + " s of video for " + len + " frames at " + fps + " fps");
                        }
                        videoEnds.merge(vf, vTo, Math::max);
                    }
                    expectIndex++;
                    expectFrom += len;
                }
            }
            if (info.path("total_episodes").asLong(-1) != expectIndex) {
                problem(infoFile, "total_episodes", "is " + info.path("total_episodes") + " but meta/episodes lists "
                    + expectIndex);
            }
            if (info.path("total_frames").asLong(-1) != expectFrom) {
                problem(infoFile, "total_frames", "is " + info.path("total_frames") + " but meta/episodes lengths add up to "
                    + expectFrom);
            }
            for (Map.Entry<String, long[]> e : dataFiles.entrySet()) {
                String[] cf = e.getKey().split("/");
                Path df = LeRobotLayout.dataFile(root, Integer.parseInt(cf[0]), Integer.parseInt(cf[1]));
                if (!Files.isRegularFile(df)) {
                    problem(df, "-", "missing (meta/episodes points episodes at it)");
                    continue;
                }
                Map<String, String> c;
                try {
                    c = pq.columns(df);
                } catch (IOException ex) {
                    problem(df, "-", "not a readable Parquet file: " + ex.getMessage());
                    continue;
                }
                for (Map.Entry<String, String> col : expectedColumns.entrySet()) {
                    expect(df, c, col.getKey(), col.getValue());
                }
                String q = "SELECT count(*), min(\"index\"), max(\"index\"), "
                    + "max(abs(timestamp - frame_index / " + (fps > 0 ? fps : 1) + ")) FROM read_parquet("
                    + Parquet.literal(df.toString()) + ")";
                if (fps > 0 && c.containsKey("index") && c.containsKey("timestamp") && c.containsKey("frame_index")) {
                    long[] got = new long[3];
                    double[] dt = new double[1];
                    pq.query(q, r -> {
                        got[0] = r.getLong(1);
                        got[1] = r.getLong(2);
                        got[2] = r.getLong(3);
                        dt[0] = r.getDouble(4);
                    });
                    long[] want = e.getValue();
                    if (got[0] != want[1] || got[1] != want[0] || got[2] != want[0] + want[1] - 1) {
                        problem(df, "index", got[0] + " rows indexed " + got[1] + ".." + got[2] + "; meta/episodes expects "
                            + want[1] + " rows indexed " + want[0] + ".." + (want[0] + want[1] - 1));
                    }
                    if (dt[0] > 1e-4) {
                        problem(df, "timestamp", "differs from frame_index / fps by up to " + dt[0] + " s (LeRobot's "
                            + "tolerance is 1e-4 s)");
                    }
                }
            }
            for (Map.Entry<String, Double> e : videoEnds.entrySet()) {
                String[] kv = e.getKey().split("\\|");
                String[] cf = kv[1].split("/");
                Path vf = LeRobotLayout.videoFile(root, kv[0], Integer.parseInt(cf[0]), Integer.parseInt(cf[1]));
                if (!Files.isRegularFile(vf)) {
                    problem(vf, "-", "missing (meta/episodes points episodes at it)");
                    continue;
                }
                try {
                    Ffmpeg.Probe p = Ffmpeg.probe(vf);
                    String codec = features.path(kv[0]).path("info").path("video.codec").asText("");
                    if (!codec.isEmpty() && !codec.equals(p.codec())) {
                        problem(vf, "codec", "is " + p.codec() + " but info.json records " + codec);
                    }
                    long needFrames = Math.round(e.getValue() * fps);
                    if (fps > 0 && p.frames() < needFrames) {
                        problem(vf, "frames", "has " + p.frames() + "; meta/episodes needs " + needFrames);
                    }
                } catch (IOException ex) {
                    problem(vf, "-", "not a readable video: " + ex.getMessage());
                }
            }
        }
    }

    private boolean expect(Path file, Map<String, String> columns, String name, String type) {
        String got = columns.get(name);
        if (got == null) {
            problem(file, name, "column missing");
            return false;
        }
        boolean ok = type.endsWith("[]") ? got.equals(type) || got.matches(java.util.regex.Pattern.quote(
            type.substring(0, type.length() - 2)) + "\\[\\d+]") : type.equals("STRUCT") ? got.startsWith("STRUCT")
            : got.equals(type);
        if (!ok) {
            problem(file, name, "column type is " + got + "; expected " + type);
        }
        return ok;
    }

    private static String columnType(String dtype, JsonNode shape) {
        String base = switch (dtype) {
            case "float32" -> "FLOAT";
            case "float64" -> "DOUBLE";
            case "int64" -> "BIGINT";
            case "int32" -> "INTEGER";
            case "bool" -> "BOOLEAN";
            default -> "VARCHAR";
        };
        boolean scalar = shape.size() == 1 && shape.get(0).asInt() == 1;
        return scalar ? base : base + "[]".repeat(shape.size());
    }
}
