package org.stackarena.policies.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.stackarena.policies.data.DataFiles;
import org.stackarena.policies.data.DatasetException;
import org.stackarena.policies.data.DemoEpisode;
import org.stackarena.policies.data.DemoSink;

/**
 * Writes demonstrations as a LeRobot v3.0 dataset (see {@code policies/DATASET.md}), one episode at
 * a time, resumably.
 *
 * <p>Each kept episode is first <em>staged</em>: its frame rows as a small Parquet file and one MP4
 * segment per camera go to {@code .staging/.tmp-episode_N}, which is renamed to
 * {@code .staging/episode_N}; only then is its line, carrying its whole metadata row, appended and
 * synced to the journal ({@link LeRobotLayout#JOURNAL}). Staged episodes accumulate in the open file
 * group; when the group would pass {@code data_files_size_in_mb} or {@code video_files_size_in_mb},
 * and on {@link #close}, the group is <em>finalised</em>: its data, video and episodes-metadata files
 * are written under temporary names and renamed into place, tasks, stats and info are rewritten,
 * a "finalized" journal line is synced and the staging folders are removed. Finalising is a pure
 * function of the journal and the staged files, so it can be repeated after a crash. On opening, the
 * journal is the truth: staged folders it does not list are deleted (their episodes run again),
 * staged folders of finalised groups are deleted, and an unfinalised last group stays open.
 */
public final class LeRobotWriter implements DemoSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final double fps;
    private final List<String> cameras;
    private final int width, height;
    private final VideoCodec codec;
    private final double dataMb, videoMb;
    private final int chunksSize;
    private final Parquet pq;
    /** Stages and journals appended episodes in order, off the recording thread. */
    private final java.util.concurrent.ExecutorService stager;
    /** At most two appended episodes wait for the stager (their frames are in memory). */
    private final java.util.concurrent.Semaphore pending = new java.util.concurrent.Semaphore(2);
    /** Guards the dataset state the stager changes (kept rows, totals, tasks, the open group). */
    private final Object state = new Object();
    private volatile Throwable failure;
    private int nextIndex;
    /** Runs the per-camera ffmpeg encodes side by side. */
    private final java.util.concurrent.ExecutorService encoder;
    private final java.nio.channels.FileChannel lockChannel;
    private final java.nio.channels.FileLock lock;
    private final Set<String> attempted = new HashSet<>();
    private final Map<String, Integer> tasks = new LinkedHashMap<>();
    private final List<ObjectNode> kept = new ArrayList<>();
    private final Set<String> finalized = new HashSet<>();
    private String robotType;
    private int joints = -1;
    private Boolean withEnv;
    private long frames;
    /** The open group's (chunk, file), or null when the next episode starts a new one. */
    private int[] open;
    private long openDataBytes;
    private final Map<String, Long> openVideoBytes = new LinkedHashMap<>();
    private double openSeconds;
    private boolean closed;

    private LeRobotWriter(Builder b) throws IOException {
        this.root = b.root;
        this.fps = b.fps;
        this.cameras = List.copyOf(b.cameras);
        this.width = b.width;
        this.height = b.height;
        this.codec = b.codec;
        this.robotType = b.robotType;
        this.dataMb = b.dataMb;
        this.videoMb = b.videoMb;
        this.chunksSize = b.chunksSize;
        this.stager = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "lerobot-stage");
            th.setDaemon(true);
            return th;
        });
        this.encoder = java.util.concurrent.Executors.newFixedThreadPool(cameras.size(), r -> {
            Thread th = new Thread(r, "lerobot-encode");
            th.setDaemon(true);
            return th;
        });
        Files.createDirectories(root.resolve("meta"));
        checkExistingInfo();
        this.lockChannel = java.nio.channels.FileChannel.open(root.resolve("meta/stackarena.lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null; // held by another writer in this JVM
        }
        this.lock = l;
        if (lock == null) {
            stager.shutdown();
            encoder.shutdown();
            lockChannel.close();
            throw new DatasetException(root + ": another collect is writing this dataset (meta/stackarena.lock is held)");
        }
        Parquet db = null;
        try {
            db = new Parquet();
            this.pq = db;
            recover();
            nextIndex = kept.size();
            writeMeta();
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            stager.shutdown();
            encoder.shutdown();
            lockChannel.close();
            throw e;
        }
    }

    /** A builder: root, fps, cameras and image size are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link LeRobotWriter}: required {@code set*}, optional {@code opt*}. */
    public static final class Builder {
        private Path root;
        private double fps = Double.NaN;
        private List<String> cameras;
        private int width, height;
        private VideoCodec codec = VideoCodec.H264_LOSSLESS;
        private String robotType;
        private double dataMb = LeRobotLayout.DATA_FILES_MB;
        private double videoMb = LeRobotLayout.VIDEO_FILES_MB;
        private int chunksSize = LeRobotLayout.CHUNKS_SIZE;

        private Builder() {}

        /** The dataset folder (created or resumed). */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /** Frames per second. */
        public Builder setFps(double fps) {
            this.fps = fps;
            return this;
        }

        /** Camera names ({@code front} becomes feature {@code observation.images.front}). */
        public Builder setCameras(List<String> cameras) {
            this.cameras = cameras;
            return this;
        }

        /** Camera image size. */
        public Builder setImageSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** Video encoding (default {@link VideoCodec#H264_LOSSLESS}). */
        public Builder optCodec(VideoCodec codec) {
            this.codec = Objects.requireNonNull(codec);
            return this;
        }

        /** {@code robot_type} (default: the first episode's robot). */
        public Builder optRobotType(String robotType) {
            this.robotType = robotType;
            return this;
        }

        /** File size limits in MB (LeRobot's defaults 100 and 500). */
        public Builder optFileSizesMb(double data, double video) {
            this.dataMb = data;
            this.videoMb = video;
            return this;
        }

        /** Files per chunk folder (default 1000). */
        public Builder optChunksSize(int chunksSize) {
            this.chunksSize = chunksSize;
            return this;
        }

        /** Opens the writer (creating the dataset or resuming it). */
        public LeRobotWriter build() throws IOException {
            if (root == null || cameras == null || cameras.isEmpty() || !(fps > 0) || width < 1 || height < 1) {
                throw new IllegalStateException("LeRobotWriter needs root, fps > 0, at least one camera and an image size");
            }
            if (!(dataMb > 0) || !(videoMb > 0) || chunksSize < 1) {
                throw new IllegalStateException("file size limits and chunks_size must be positive");
            }
            return new LeRobotWriter(this);
        }
    }

    private void checkExistingInfo() throws IOException {
        Path info = root.resolve(LeRobotLayout.INFO);
        if (!Files.isRegularFile(info)) {
            return;
        }
        JsonNode n = JSON.readTree(info.toFile());
        String v = n.path("codebase_version").asText();
        if (!v.equals(LeRobotLayout.CODEBASE_VERSION)) {
            throw new DatasetException(info + ": field codebase_version is '" + v + "'; collect appends only to "
                + LeRobotLayout.CODEBASE_VERSION + " datasets (give another --out, or --format npy for the old layout)");
        }
        if (n.path("fps").asDouble() != fps) {
            throw new DatasetException(info + ": field fps is " + n.path("fps").asDouble() + " but this collect records at "
                + fps);
        }
        for (String c : cameras) {
            JsonNode f = n.path("features").path(LeRobotLayout.IMAGES + c);
            JsonNode shape = f.path("shape");
            if (!shape.isArray() || shape.path(0).asInt() != height || shape.path(1).asInt() != width) {
                throw new DatasetException(info + ": field features." + LeRobotLayout.IMAGES + c + ".shape is "
                    + (shape.isMissingNode() ? "missing" : shape.toString()) + " but this collect records " + height + "x"
                    + width + " from camera " + c);
            }
            String pix = f.path("info").path("video.pix_fmt").asText(codec.pixFmt());
            if (!pix.equals(codec.pixFmt())) {
                throw new DatasetException(info + ": field features." + LeRobotLayout.IMAGES + c
                    + ".info.video.pix_fmt is " + pix + " but --video-codec " + codec.id() + " writes " + codec.pixFmt());
            }
        }
        if (robotType == null && n.hasNonNull("robot_type")) {
            robotType = n.get("robot_type").asText();
        }
    }

    private static String key(String scenario, String robot, String condition, long seed) {
        return scenario + "|" + robot + "|" + condition + "|" + seed;
    }

    private static String group(int chunk, int file) {
        return chunk + "/" + file;
    }

    private static int[] groupOf(JsonNode row) {
        return new int[] {row.get("data/chunk_index").asInt(), row.get("data/file_index").asInt()};
    }

    private Path staged(int index) {
        return root.resolve(LeRobotLayout.STAGING).resolve(String.format("episode_%06d", index));
    }

    /** Rebuilds the state from the journal and tidies the staging folder. */
    private void recover() throws IOException {
        Path journal = root.resolve(LeRobotLayout.JOURNAL);
        for (JsonNode a : DataFiles.readJsonLines(journal, true)) {
            if (a.has("finalized")) {
                finalized.add(group(a.get("finalized").get(0).asInt(), a.get("finalized").get(1).asInt()));
                continue;
            }
            attempted.add(key(a.get("scenario").asText(), a.get("robot").asText(), a.get("condition").asText(),
                a.get("seed").asLong()));
            JsonNode e = a.get("episode");
            if (e != null && e.isObject()) {
                ObjectNode row = (ObjectNode) e;
                kept.add(row);
                frames += row.get("length").asLong();
                String task = row.get("tasks").get(0).asText();
                tasks.putIfAbsent(task, a.path("task_index").asInt(tasks.size()));
                joints = a.path("joints").asInt(joints);
                if (withEnv == null && a.has("env")) {
                    withEnv = a.get("env").asBoolean();
                }
                if (robotType == null) {
                    robotType = row.path("robot").asText(null);
                }
            }
        }
        Set<Integer> keep = new HashSet<>();
        if (!kept.isEmpty()) {
            int[] last = groupOf(kept.get(kept.size() - 1));
            if (!finalized.contains(group(last[0], last[1]))) {
                open = last;
                for (ObjectNode row : kept) {
                    int[] g = groupOf(row);
                    if (g[0] == last[0] && g[1] == last[1]) {
                        int idx = row.get("episode_index").asInt();
                        Path dir = staged(idx);
                        if (!Files.isDirectory(dir)) {
                            throw new DatasetException(dir + ": missing: the journal " + LeRobotLayout.JOURNAL
                                + " lists episode " + idx + " as staged but its files are gone; the dataset cannot be resumed");
                        }
                        keep.add(idx);
                        openDataBytes += Files.size(dir.resolve("data.parquet"));
                        for (String c : cameras) {
                            openVideoBytes.merge(c, Files.size(dir.resolve(LeRobotLayout.IMAGES + c + ".mp4")), Long::sum);
                        }
                        openSeconds = row.get("videos/" + LeRobotLayout.IMAGES + cameras.get(0) + "/to_timestamp").asDouble();
                    }
                }
            }
        }
        Path staging = root.resolve(LeRobotLayout.STAGING);
        if (Files.isDirectory(staging)) {
            try (Stream<Path> s = Files.list(staging)) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    boolean ok = n.startsWith("episode_") && keep.contains(Integer.parseInt(n.substring(8)));
                    if (!ok) {
                        deleteTree(p);
                    }
                }
            }
        }
    }

    /** Reads the journal without changing it, skipping a torn line (for readers while a collect runs). */
    static List<JsonNode> readJournal(Path file) throws IOException {
        return DataFiles.readJsonLines(file, false);
    }

    @Override
    public synchronized boolean attempted(String scenario, String robot, String condition, long seed) {
        return attempted.contains(key(scenario, robot, condition, seed));
    }

    /** Kept episodes written so far (those still being staged in the background are not counted yet). */
    @Override
    public int episodes() {
        synchronized (state) {
            return kept.size();
        }
    }

    /** Kept frames written so far. */
    @Override
    public long frames() {
        synchronized (state) {
            return frames;
        }
    }

    /** The video encoding. */
    public VideoCodec codec() {
        return codec;
    }

    /**
     * Records the episode as attempted and hands it to the background stager (at most two episodes wait),
     * so that encoding overlaps the next episode's simulation. A failure of an earlier episode's staging
     * is thrown here or by {@link #close}.
     */
    @Override
    public synchronized int append(DemoEpisode ep, String family, boolean keep) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer closed");
        }
        rethrow();
        int index = keep && !ep.frames().isEmpty() ? nextIndex++ : -1;
        attempted.add(key(ep.scenario(), ep.robot(), ep.condition(), ep.seed()));
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the dataset writer", e);
        }
        stager.execute(() -> {
            try {
                if (failure == null) {
                    synchronized (state) {
                        write(ep, family, index);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.release();
            }
        });
        return index;
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException e) {
            throw e;
        } else if (t instanceof RuntimeException e) {
            throw e;
        } else if (t != null) {
            throw new IOException("dataset writer failed: " + t, t);
        }
    }

    /** Waits until every appended episode is staged and journalled. */
    private void drain() throws IOException {
        stager.shutdown();
        try {
            while (!stager.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                // an episode's encode takes well under a second; keep waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while finishing the dataset", e);
        }
        rethrow();
    }

    /** Stages (if kept) and journals one episode; runs on the stager thread holding {@link #state}. */
    private void write(DemoEpisode ep, String family, int index) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("scenario", ep.scenario());
        line.put("robot", ep.robot());
        line.put("condition", ep.condition());
        line.put("seed", ep.seed());
        line.put("success", ep.success());
        line.put("failure_reason", ep.failureReason());
        if (index >= 0) {
            ObjectNode row = stage(ep, family, index);
            line.put("episode_index", index);
            line.put("task_index", tasks.get(ep.instruction()));
            line.put("joints", joints);
            line.put("env", withEnv);
            line.set("episode", row);
            appendLine(line);
            kept.add(row);
            frames += ep.frames().size();
        } else {
            line.put("episode_index", -1);
            appendLine(line);
        }
    }

    /** Stages episode {@code index} and returns its metadata row (the group decided, a full group finalised). */
    private ObjectNode stage(DemoEpisode ep, String family, int index) throws IOException {
        int t = ep.frames().size();
        DemoEpisode.Frame f0 = ep.frames().get(0);
        if (joints < 0) {
            joints = f0.joints().length;
        }
        if (withEnv == null) {
            withEnv = f0.env() != null;
        }
        if (robotType == null) {
            robotType = ep.robot();
        }
        Integer task = tasks.get(ep.instruction());
        if (task == null) {
            task = tasks.size();
            tasks.put(ep.instruction(), task);
        }
        Path dir = staged(index);
        Path tmp = dir.resolveSibling(".tmp-" + dir.getFileName());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        long from = frames;
        // frame rows as JSON lines (floats written as the exact doubles they are, so nothing rounds)
        Map<String, double[]> columns = new LinkedHashMap<>();
        Map<String, Integer> dims = new LinkedHashMap<>();
        for (String[] feature : vectorFeatures()) {
            dims.put(feature[0], Integer.parseInt(feature[2]));
            columns.put(feature[0], new double[t * Integer.parseInt(feature[2])]);
        }
        Path rows = tmp.resolve("rows.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
            for (int k = 0; k < t; k++) {
                DemoEpisode.Frame f = ep.frames().get(k);
                if (f.joints().length != joints || (f.env() != null) != withEnv) {
                    throw new IOException("episode " + ep.scenario() + "/" + ep.seed() + " frame " + k + ": "
                        + f.joints().length + " joints" + (f.env() == null ? " without" : " with")
                        + " environment state, but the dataset has " + joints + (withEnv ? " with" : " without"));
                }
                ObjectNode r = JSON.createObjectNode();
                Map<String, float[]> values = new LinkedHashMap<>();
                values.put("observation.state", f.state());
                values.put("observation.joints", f.joints());
                values.put("action", f.action());
                if (withEnv) {
                    values.put("observation.environment_state", f.env());
                }
                for (Map.Entry<String, float[]> v : values.entrySet()) {
                    ArrayNode a = r.putArray(v.getKey());
                    double[] col = columns.get(v.getKey());
                    int d = dims.get(v.getKey());
                    for (int i = 0; i < d; i++) {
                        a.add((double) v.getValue()[i]);
                        col[k * d + i] = v.getValue()[i];
                    }
                }
                float ts = (float) f.timestamp();
                r.put("timestamp", (double) ts);
                r.put("frame_index", k);
                r.put("episode_index", index);
                r.put("index", from + k);
                r.put("task_index", task);
                columns.get("timestamp")[k] = ts;
                columns.get("frame_index")[k] = k;
                columns.get("episode_index")[k] = index;
                columns.get("index")[k] = from + k;
                columns.get("task_index")[k] = task;
                w.write(JSON.writeValueAsString(r));
                w.write('\n');
            }
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (String[] feature : vectorFeatures()) {
            types.put(feature[0], feature[1].equals("int64") ? "BIGINT" : feature[2].equals("1") && isDefault(feature[0])
                ? "FLOAT" : "FLOAT[]");
        }
        pq.jsonToParquet(rows, types, Map.of(), tmp.resolve("data.parquet"));
        Files.delete(rows);
        Map<String, Long> videoBytes = new LinkedHashMap<>();
        ObjectNode stats = JSON.createObjectNode();
        // one ffmpeg per camera, running side by side (the recording thread waits for them anyway)
        Map<String, java.util.concurrent.CompletableFuture<Void>> encodes = new LinkedHashMap<>();
        for (String c : cameras) {
            byte[] all = new byte[t * height * width * 3];
            for (int k = 0; k < t; k++) {
                byte[] img = ep.frames().get(k).images().get(c);
                if (img == null || img.length != height * width * 3) {
                    throw new IOException("episode " + ep.scenario() + "/" + ep.seed() + ": camera " + c + " frame " + k
                        + " is not " + height + "x" + width + " RGB");
                }
                System.arraycopy(img, 0, all, k * img.length, img.length);
            }
            Path mp4 = tmp.resolve(LeRobotLayout.IMAGES + c + ".mp4");
            encodes.put(c, java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    Ffmpeg.encode(all, t, width, height, fps, codec, mp4);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, encoder));
            stats.set(LeRobotLayout.IMAGES + c, FeatureStats.image(all, t, width * height));
        }
        for (Map.Entry<String, java.util.concurrent.CompletableFuture<Void>> e : encodes.entrySet()) {
            try {
                e.getValue().join();
            } catch (java.util.concurrent.CompletionException ex) {
                throw ex.getCause() instanceof java.io.UncheckedIOException u ? u.getCause()
                    : new IOException("encoding camera " + e.getKey() + ": " + ex.getCause(), ex.getCause());
            }
            videoBytes.put(e.getKey(), Files.size(tmp.resolve(LeRobotLayout.IMAGES + e.getKey() + ".mp4")));
        }
        for (Map.Entry<String, double[]> c : columns.entrySet()) {
            stats.set(c.getKey(), FeatureStats.vector(c.getValue(), t, dims.get(c.getKey())));
        }
        long dataBytes = Files.size(tmp.resolve("data.parquet"));
        // the group: the open one unless this episode would pass a size limit
        if (open != null) {
            boolean full = openDataBytes + dataBytes > dataMb * (1 << 20);
            for (String c : cameras) {
                full |= openVideoBytes.getOrDefault(c, 0L) + videoBytes.get(c) > videoMb * (1 << 20);
            }
            if (full) {
                finalizeOpen();
            }
        }
        if (open == null) {
            if (kept.isEmpty()) {
                open = new int[] {0, 0};
            } else {
                int[] last = groupOf(kept.get(kept.size() - 1));
                open = LeRobotLayout.next(last[0], last[1], chunksSize);
            }
            openDataBytes = 0;
            openVideoBytes.clear();
            openSeconds = 0;
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("episode_index", index);
        row.putArray("tasks").add(ep.instruction());
        row.put("length", t);
        row.put("data/chunk_index", open[0]);
        row.put("data/file_index", open[1]);
        row.put("dataset_from_index", from);
        row.put("dataset_to_index", from + t);
        double duration = t / fps;
        for (String c : cameras) {
            String v = "videos/" + LeRobotLayout.IMAGES + c + "/";
            row.put(v + "chunk_index", open[0]);
            row.put(v + "file_index", open[1]);
            row.put(v + "from_timestamp", openSeconds);
            row.put(v + "to_timestamp", openSeconds + duration);
        }
        for (Map.Entry<String, JsonNode> s : stats.properties()) {
            for (String name : LeRobotLayout.STAT_NAMES) {
                row.set("stats/" + s.getKey() + "/" + name, s.getValue().get(name));
            }
        }
        row.put("meta/episodes/chunk_index", open[0]);
        row.put("meta/episodes/file_index", open[1]);
        row.put("scenario", ep.scenario());
        row.put("family", family);
        row.put("robot", ep.robot());
        row.put("seed", ep.seed());
        row.put("condition", ep.condition());
        row.put("success", ep.success());
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        openDataBytes += dataBytes;
        for (String c : cameras) {
            openVideoBytes.merge(c, videoBytes.get(c), Long::sum);
        }
        openSeconds += duration;
        return row;
    }

    /** Non-video features in column order: name, dtype, length. */
    private List<String[]> vectorFeatures() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"observation.state", "float32", Integer.toString(DemoEpisode.STATE_NAMES.size())});
        out.add(new String[] {"observation.joints", "float32", Integer.toString(Math.max(joints, 0))});
        out.add(new String[] {"action", "float32", Integer.toString(DemoEpisode.ACTION_NAMES.size())});
        if (Boolean.TRUE.equals(withEnv)) {
            out.add(new String[] {"observation.environment_state", "float32",
                Integer.toString(DemoEpisode.ENV_NAMES.size())});
        }
        for (String[] d : LeRobotLayout.DEFAULT_FEATURES) {
            out.add(new String[] {d[0], d[1], "1"});
        }
        return out;
    }

    private static boolean isDefault(String name) {
        return LeRobotLayout.DEFAULT_FEATURES.stream().anyMatch(d -> d[0].equals(name));
    }

    /** Joins the open group's staged files into its data, video and episodes files, then forgets the group. */
    private void finalizeOpen() throws IOException {
        if (open == null) {
            return;
        }
        int[] g = open;
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode r : kept) {
            int[] rg = groupOf(r);
            if (rg[0] == g[0] && rg[1] == g[1]) {
                rows.add(r);
            }
        }
        if (!rows.isEmpty()) {
            List<Path> data = new ArrayList<>();
            for (ObjectNode r : rows) {
                data.add(staged(r.get("episode_index").asInt()).resolve("data.parquet"));
            }
            pq.concat(data, "index", LeRobotLayout.dataFile(root, g[0], g[1]));
            for (String c : cameras) {
                List<Path> parts = new ArrayList<>();
                for (ObjectNode r : rows) {
                    parts.add(staged(r.get("episode_index").asInt()).resolve(LeRobotLayout.IMAGES + c + ".mp4"));
                }
                Path out = LeRobotLayout.videoFile(root, LeRobotLayout.IMAGES + c, g[0], g[1]);
                Files.createDirectories(out.getParent());
                Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
                Ffmpeg.concat(parts, tmp);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Path jsonl = root.resolve(LeRobotLayout.STAGING).resolve("episodes-" + g[0] + "-" + g[1] + "-" + System.nanoTime()
                + ".jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
                for (ObjectNode r : rows) {
                    w.write(JSON.writeValueAsString(r));
                    w.write('\n');
                }
            }
            Map<String, String> types = new LinkedHashMap<>();
            rows.get(0).fieldNames().forEachRemaining(k -> types.put(k, episodeColumnType(k)));
            pq.jsonToParquet(jsonl, types, Map.of(), LeRobotLayout.episodesFile(root, g[0], g[1]));
            Files.delete(jsonl);
        }
        finalized.add(group(g[0], g[1]));
        writeMeta();
        ObjectNode line = JSON.createObjectNode();
        line.putArray("finalized").add(g[0]).add(g[1]);
        appendLine(line);
        for (ObjectNode r : rows) {
            deleteTree(staged(r.get("episode_index").asInt()));
        }
        open = null;
    }

    /** DuckDB type of an episodes-metadata column. */
    static String episodeColumnType(String k) {
        if (k.equals("tasks")) {
            return "VARCHAR[]";
        }
        if (k.equals("scenario") || k.equals("family") || k.equals("robot") || k.equals("condition")) {
            return "VARCHAR";
        }
        if (k.equals("success")) {
            return "BOOLEAN";
        }
        if (k.endsWith("_timestamp")) {
            return "DOUBLE";
        }
        if (k.startsWith("stats/")) {
            if (k.endsWith("/count")) {
                return "BIGINT[]";
            }
            return k.startsWith("stats/" + LeRobotLayout.IMAGES) ? "DOUBLE[][][]" : "DOUBLE[]";
        }
        return "BIGINT";
    }

    /** Rewrites info.json, stats.json and tasks.parquet for the finalised episodes. */
    private void writeMeta() throws IOException {
        List<ObjectNode> done = new ArrayList<>();
        for (ObjectNode r : kept) {
            int[] g = groupOf(r);
            if (finalized.contains(group(g[0], g[1]))) {
                done.add(r);
            }
        }
        long doneFrames = done.stream().mapToLong(r -> r.get("length").asLong()).sum();
        Set<String> doneTasks = new HashSet<>();
        done.forEach(r -> doneTasks.add(r.get("tasks").get(0).asText()));
        ObjectNode info = JSON.createObjectNode();
        info.put("codebase_version", LeRobotLayout.CODEBASE_VERSION);
        info.put("robot_type", robotType);
        info.put("total_episodes", done.size());
        info.put("total_frames", doneFrames);
        info.put("total_tasks", tasks.size());
        info.put("chunks_size", chunksSize);
        putNumber(info, "data_files_size_in_mb", dataMb);
        putNumber(info, "video_files_size_in_mb", videoMb);
        putNumber(info, "fps", fps);
        info.putObject("splits").put("train", "0:" + done.size());
        info.put("data_path", LeRobotLayout.DATA_PATH);
        info.put("video_path", LeRobotLayout.VIDEO_PATH);
        ObjectNode f = info.putObject("features");
        for (String c : cameras) {
            ObjectNode v = feature(f, LeRobotLayout.IMAGES + c, "video", List.of(height, width, 3),
                List.of("height", "width", "channels"));
            ObjectNode vi = v.putObject("info");
            vi.put("video.height", height);
            vi.put("video.width", width);
            vi.put("video.codec", codec == VideoCodec.AV1 ? "av1" : "h264");
            vi.put("video.pix_fmt", codec.pixFmt());
            vi.put("video.is_depth_map", false);
            vi.put("video.fps", (long) Math.rint(fps));
            vi.put("video.channels", 3);
            vi.put("video.encoder", codec.encoder());
            vi.put("video.options", String.join(" ", codec.options()));
            vi.put("has_audio", false);
            vi.put("is_depth_map", false);
        }
        feature(f, "observation.state", "float32", List.of(DemoEpisode.STATE_NAMES.size()), DemoEpisode.STATE_NAMES);
        List<String> jn = new ArrayList<>();
        for (int i = 0; i < Math.max(joints, 0); i++) {
            jn.add("joint_" + i);
        }
        feature(f, "observation.joints", "float32", List.of(Math.max(joints, 0)), jn);
        feature(f, "action", "float32", List.of(DemoEpisode.ACTION_NAMES.size()), DemoEpisode.ACTION_NAMES);
        if (Boolean.TRUE.equals(withEnv)) {
            feature(f, "observation.environment_state", "float32", List.of(DemoEpisode.ENV_NAMES.size()),
                DemoEpisode.ENV_NAMES);
        }
        for (String[] d : LeRobotLayout.DEFAULT_FEATURES) {
            feature(f, d[0], d[1], List.of(1), null);
        }
        writeJson(root.resolve(LeRobotLayout.INFO), info);
        // stats.json: per feature, aggregated over the finalised episodes
        ObjectNode stats = JSON.createObjectNode();
        if (!done.isEmpty()) {
            for (String feature : (Iterable<String>) () -> f.fieldNames()) {
                List<JsonNode> parts = new ArrayList<>();
                for (ObjectNode r : done) {
                    ObjectNode s = JSON.createObjectNode();
                    for (String name : LeRobotLayout.STAT_NAMES) {
                        JsonNode v = r.get("stats/" + feature + "/" + name);
                        if (v != null) {
                            s.set(name, v);
                        }
                    }
                    if (s.size() > 0) {
                        parts.add(s);
                    }
                }
                if (!parts.isEmpty()) {
                    stats.set(feature, FeatureStats.aggregate(parts));
                }
            }
        }
        writeJson(root.resolve(LeRobotLayout.STATS), stats);
        // tasks.parquet: what pandas' DataFrame.to_parquet writes for LeRobot's tasks frame (index "task")
        // scratch rows go to the staging folder, which a resumed writer clears of anything it does not know
        Files.createDirectories(root.resolve(LeRobotLayout.STAGING));
        Path jsonl = root.resolve(LeRobotLayout.STAGING).resolve("tasks-" + System.nanoTime() + ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Integer> t : tasks.entrySet()) {
                w.write(JSON.writeValueAsString(JSON.createObjectNode().put("task_index", t.getValue())
                    .put("task", t.getKey())));
                w.write('\n');
            }
        }
        Map<String, String> cols = new LinkedHashMap<>();
        cols.put("task_index", "BIGINT");
        cols.put("task", "VARCHAR");
        if (!tasks.isEmpty()) {
            pq.jsonToParquet(jsonl, cols, Map.of("pandas", PANDAS_TASKS), root.resolve(LeRobotLayout.TASKS));
        }
        Files.deleteIfExists(jsonl);
    }

    /** pandas' schema metadata for a frame with column task_index and index "task" (what LeRobot loads). */
    static final String PANDAS_TASKS = "{\"index_columns\": [\"task\"], \"column_indexes\": [{\"name\": null, "
        + "\"field_name\": null, \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": "
        + "{\"encoding\": \"UTF-8\"}}], \"columns\": [{\"name\": \"task_index\", \"field_name\": \"task_index\", "
        + "\"pandas_type\": \"int64\", \"numpy_type\": \"int64\", \"metadata\": null}, {\"name\": \"task\", "
        + "\"field_name\": \"task\", \"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": null}], "
        + "\"creator\": {\"library\": \"stackarena\", \"version\": \"1\"}, \"pandas_version\": \"2.2.3\"}";

    private static ObjectNode feature(ObjectNode f, String name, String dtype, List<Integer> shape, List<String> names) {
        ObjectNode n = f.putObject(name);
        n.put("dtype", dtype);
        ArrayNode s = n.putArray("shape");
        shape.forEach(s::add);
        if (names == null) {
            n.putNull("names");
        } else {
            ArrayNode a = n.putArray("names");
            names.forEach(a::add);
        }
        return n;
    }

    /** A whole number as an integer (as LeRobot writes fps and the size limits), else as a decimal. */
    private static void putNumber(ObjectNode n, String field, double v) {
        if (v == Math.rint(v)) {
            n.put(field, (long) v);
        } else {
            n.put(field, v);
        }
    }

    private static void writeJson(Path file, JsonNode n) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), n);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void appendLine(JsonNode n) throws IOException {
        DataFiles.appendSynced(root.resolve(LeRobotLayout.JOURNAL), n);
    }

    /** Finalises the open group; the dataset is complete and loadable afterwards. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
            synchronized (state) {
                finalizeOpen();
            }
            Path staging = root.resolve(LeRobotLayout.STAGING);
            if (Files.isDirectory(staging)) {
                try (Stream<Path> s = Files.list(staging)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(staging);
                    }
                }
            }
        } finally {
            encoder.shutdown();
            pq.close();
            lock.release();
            lockChannel.close();
        }
    }

    /** Tests only: stops like a killed process would, releasing the lock and DuckDB without finalising anything. */
    synchronized void crashForTesting() throws IOException {
        closed = true;
        drain();
        encoder.shutdown();
        pq.close();
        lock.release();
        lockChannel.close();
    }

    private static void deleteTree(Path p) throws IOException {
        DataFiles.deleteTree(p);
    }
}
