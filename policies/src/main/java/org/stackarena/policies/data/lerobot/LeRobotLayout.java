package org.stackarena.policies.data.lerobot;

import java.nio.file.Path;
import java.util.List;

/**
 * File names, path templates and fixed values of the LeRobot v3.0 layout, as LeRobot's own code
 * ({@code datasets/utils.py}, {@code dataset_metadata.py}) defines them.
 */
public final class LeRobotLayout {

    private LeRobotLayout() {}

    /** {@code info.json}'s {@code codebase_version}. */
    public static final String CODEBASE_VERSION = "v3.0";
    /** Frame rows: many episodes per file. */
    public static final String DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
    /** Camera streams: many episodes per file. */
    public static final String VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
    /** Per-episode metadata rows. */
    public static final String EPISODES_PATH = "meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
    /** The dataset description. */
    public static final String INFO = "meta/info.json";
    /** Aggregated feature statistics. */
    public static final String STATS = "meta/stats.json";
    /** Task strings (pandas index "task") and their task_index. */
    public static final String TASKS = "meta/tasks.parquet";
    /**
     * Ours, not LeRobot's: one line per episode run (kept or not), with the kept episodes' metadata rows;
     * what a resumed collect trusts. LeRobot ignores it.
     */
    public static final String JOURNAL = "meta/stackarena_journal.jsonl";
    /** Ours: per-episode files waiting to be joined into the open data/video file. */
    public static final String STAGING = ".staging";
    /** LeRobot's defaults. */
    public static final int CHUNKS_SIZE = 1000;
    /** LeRobot's default data file size limit. */
    public static final int DATA_FILES_MB = 100;
    /** LeRobot's default video file size limit. */
    public static final int VIDEO_FILES_MB = 500;
    /** Columns every frame row has besides the features (LeRobot's DEFAULT_FEATURES), with their dtypes. */
    public static final List<String[]> DEFAULT_FEATURES = List.of(new String[] {"timestamp", "float32"},
        new String[] {"frame_index", "int64"}, new String[] {"episode_index", "int64"},
        new String[] {"index", "int64"}, new String[] {"task_index", "int64"});
    /** Statistics LeRobot stores per feature (quantiles q01..q99 of its DEFAULT_QUANTILES). */
    public static final List<String> STAT_NAMES =
        List.of("min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99");
    /** Feature name prefix of camera streams. */
    public static final String IMAGES = "observation.images.";

    /** A {@code chunk-XXX/file-XXX} template filled in. */
    public static String fill(String template, String videoKey, int chunk, int file) {
        return template.replace("{video_key}", videoKey == null ? "" : videoKey)
            .replace("{chunk_index:03d}", String.format("%03d", chunk))
            .replace("{file_index:03d}", String.format("%03d", file));
    }

    /** The data file of (chunk, file). */
    public static Path dataFile(Path root, int chunk, int file) {
        return root.resolve(fill(DATA_PATH, null, chunk, file));
    }

    /** The video file of a camera feature key at (chunk, file). */
    public static Path videoFile(Path root, String key, int chunk, int file) {
        return root.resolve(fill(VIDEO_PATH, key, chunk, file));
    }

    /** The episodes-metadata file of (chunk, file). */
    public static Path episodesFile(Path root, int chunk, int file) {
        return root.resolve(fill(EPISODES_PATH, null, chunk, file));
    }

    /** The file index after (chunk, file): file + 1, or the next chunk's file 0 after chunks_size files. */
    public static int[] next(int chunk, int file, int chunksSize) {
        return file == chunksSize - 1 ? new int[] {chunk + 1, 0} : new int[] {chunk, file + 1};
    }
}
