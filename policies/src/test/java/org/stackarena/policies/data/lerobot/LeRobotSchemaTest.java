package org.stackarena.policies.data.lerobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.policies.data.DemoEpisode;

/**
 * The files checked against what LeRobot's code reads ({@code datasets/utils.py} DEFAULT_FEATURES and
 * {@code get_hf_features_from_features}, {@code dataset_metadata.py} episode rows, {@code io_utils.load_tasks},
 * {@code lerobot_dataset.py} video lookup by {@code from_timestamp + timestamp}), and read back by
 * parquet-java, a Parquet implementation independent of the DuckDB engine that wrote them.
 */
class LeRobotSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed (./stackarena installs Debian's ffmpeg)");
        try (LeRobotWriter w = SyntheticDemos.writer(dir).build()) {
            SyntheticDemos.write(w, 300, 4);
            // a failed attempt is journalled, not stored
            DemoEpisode failed = SyntheticDemos.episode(999);
            w.append(new DemoEpisode(failed.scenario(), failed.robot(), 999, "lab", failed.instruction(), false,
                "timeout", 10, failed.frames()), "pick-lift", false);
        }
    }

    /** parquet-java on a local file (Hadoop's shaded client jars only satisfy its class references). */
    private static ParquetFileReader open(Path file) throws java.io.IOException {
        return ParquetFileReader.open(new LocalInputFile(file));
    }

    private static int frames(long seed) {
        return SyntheticDemos.episode(seed).frames().size();
    }

    @Test
    void infoJsonHasLeRobotsFieldsAndVideoInfo() throws Exception {
        JsonNode info = JSON.readTree(dir.resolve("meta/info.json").toFile());
        int total = 0;
        for (long s = 300; s < 304; s++) {
            total += frames(s);
        }
        assertThat(info.path("codebase_version").asText()).isEqualTo("v3.0");
        assertThat(info.path("fps").isIntegralNumber()).isTrue();
        assertThat(info.path("fps").asInt()).isEqualTo(10);
        assertThat(info.path("robot_type").asText()).isEqualTo("arm7");
        assertThat(info.path("total_episodes").asInt()).isEqualTo(4);
        assertThat(info.path("total_frames").asInt()).isEqualTo(total);
        assertThat(info.path("total_tasks").asInt()).isEqualTo(2);
        assertThat(info.path("chunks_size").asInt()).isEqualTo(1000);
        assertThat(info.path("data_files_size_in_mb").asDouble()).isEqualTo(100);
        assertThat(info.path("video_files_size_in_mb").asDouble()).isEqualTo(500);
        assertThat(info.path("splits").path("train").asText()).isEqualTo("0:4");
        assertThat(info.path("data_path").asText()).isEqualTo("data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
        assertThat(info.path("video_path").asText())
            .isEqualTo("videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
        JsonNode f = info.path("features");
        for (String c : List.of("front", "wrist")) {
            JsonNode v = f.path("observation.images." + c);
            assertThat(v.path("dtype").asText()).isEqualTo("video");
            assertThat(v.path("shape").toString()).isEqualTo("[24,32,3]");
            assertThat(v.path("names").toString()).isEqualTo("[\"height\",\"width\",\"channels\"]");
            JsonNode vi = v.path("info");
            assertThat(vi.path("video.codec").asText()).isEqualTo("h264");
            assertThat(vi.path("video.pix_fmt").asText()).isEqualTo("gbrp");
            assertThat(vi.path("video.fps").asInt()).isEqualTo(10);
            assertThat(vi.path("video.height").asInt()).isEqualTo(24);
            assertThat(vi.path("video.width").asInt()).isEqualTo(32);
            assertThat(vi.path("video.channels").asInt()).isEqualTo(3);
            assertThat(vi.path("has_audio").asBoolean(true)).isFalse();
            // what ffprobe says about the file agrees with info.json
            Ffmpeg.Probe p = Ffmpeg.probe(dir.resolve("videos/observation.images." + c + "/chunk-000/file-000.mp4"));
            assertThat(p.codec()).isEqualTo("h264");
            assertThat(p.pixFmt()).isEqualTo("gbrp");
            assertThat(p.frames()).isEqualTo(total);
        }
        assertThat(f.path("observation.state").path("shape").toString()).isEqualTo("[8]");
        assertThat(f.path("observation.state").path("names").get(0).asText()).isEqualTo("ee_x");
        assertThat(f.path("action").path("shape").toString()).isEqualTo("[7]");
        assertThat(f.path("observation.environment_state").path("shape").toString()).isEqualTo("[6]");
        for (String d : List.of("frame_index", "episode_index", "index", "task_index")) {
            assertThat(f.path(d).path("dtype").asText()).as(d).isEqualTo("int64");
            assertThat(f.path(d).path("shape").toString()).isEqualTo("[1]");
        }
        assertThat(f.path("timestamp").path("dtype").asText()).isEqualTo("float32");
        JsonNode stats = JSON.readTree(dir.resolve("meta/stats.json").toFile());
        assertThat(stats.path("observation.state").path("mean")).hasSize(8);
        assertThat(stats.path("observation.images.front").path("mean").toString()).matches("\\[\\[\\[[0-9.E-]+]],\\[\\[.*");
        assertThat(stats.path("action").path("count").get(0).asInt()).isEqualTo(total);
    }

    @Test
    void episodesMetadataHasLeRobotsColumnsOursAndExactVideoTimestamps() throws Exception {
        Path file = dir.resolve("meta/episodes/chunk-000/file-000.parquet");
        try (Parquet pq = new Parquet()) {
            Map<String, String> c = pq.columns(file);
            assertThat(c).containsEntry("episode_index", "BIGINT").containsEntry("tasks", "VARCHAR[]")
                .containsEntry("length", "BIGINT").containsEntry("data/chunk_index", "BIGINT")
                .containsEntry("data/file_index", "BIGINT").containsEntry("dataset_from_index", "BIGINT")
                .containsEntry("dataset_to_index", "BIGINT")
                .containsEntry("videos/observation.images.front/chunk_index", "BIGINT")
                .containsEntry("videos/observation.images.front/file_index", "BIGINT")
                .containsEntry("videos/observation.images.front/from_timestamp", "DOUBLE")
                .containsEntry("videos/observation.images.wrist/to_timestamp", "DOUBLE")
                .containsEntry("meta/episodes/chunk_index", "BIGINT").containsEntry("meta/episodes/file_index", "BIGINT")
                .containsEntry("stats/observation.state/mean", "DOUBLE[]")
                .containsEntry("stats/observation.state/q99", "DOUBLE[]")
                .containsEntry("stats/action/count", "BIGINT[]")
                .containsEntry("stats/observation.images.front/std", "DOUBLE[][][]")
                .containsEntry("stats/timestamp/min", "DOUBLE[]")
                .containsEntry("scenario", "VARCHAR").containsEntry("family", "VARCHAR").containsEntry("robot", "VARCHAR")
                .containsEntry("seed", "BIGINT").containsEntry("condition", "VARCHAR").containsEntry("success", "BOOLEAN");
            List<double[]> rows = new ArrayList<>();
            pq.query("SELECT episode_index, length, dataset_from_index, \"videos/observation.images.front/from_timestamp\", "
                + "seed FROM read_parquet(" + Parquet.literal(file.toString()) + ") ORDER BY episode_index", r ->
                rows.add(new double[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), r.getLong(5)}));
            assertThat(rows).hasSize(4);
            double[] times = Ffmpeg.frameTimes(dir.resolve("videos/observation.images.front/chunk-000/file-000.mp4"));
            long from = 0;
            for (int i = 0; i < 4; i++) {
                assertThat(rows.get(i)[4]).isEqualTo(300 + i);
                assertThat(rows.get(i)[2]).isEqualTo(from);
                assertThat(rows.get(i)[3]).isCloseTo(from / 10.0, org.assertj.core.data.Offset.offset(1e-9));
                // LeRobot decodes frame k of an episode at from_timestamp + k / fps, tolerance 1e-4 s
                for (int k = 0; k < rows.get(i)[1]; k++) {
                    assertThat(times[(int) from + k]).isCloseTo(rows.get(i)[3] + k / 10.0,
                        org.assertj.core.data.Offset.offset(1e-4));
                }
                from += (long) rows.get(i)[1];
            }
        }
    }

    @Test
    void parquetJavaReadsTheDataFileWithLeRobotsColumnTypesAndTheSameValues() throws Exception {
        Path file = dir.resolve("data/chunk-000/file-000.parquet");
        try (ParquetFileReader r = open(file)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            for (String list : List.of("observation.state", "observation.joints", "action", "observation.environment_state")) {
                GroupType g = schema.getType(list).asGroupType();
                assertThat(g.getLogicalTypeAnnotation()).as(list).isEqualTo(LogicalTypeAnnotation.listType());
                GroupType repeated = g.getType(0).asGroupType();
                assertThat(repeated.getRepetition()).isEqualTo(Type.Repetition.REPEATED);
                assertThat(repeated.getType(0).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FLOAT);
            }
            for (String i : List.of("frame_index", "episode_index", "index", "task_index")) {
                assertThat(schema.getType(i).asPrimitiveType().getPrimitiveTypeName()).as(i).isEqualTo(PrimitiveTypeName.INT64);
            }
            assertThat(schema.getType("timestamp").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FLOAT);
            List<Group> rows = new ArrayList<>();
            PageReadStore pages;
            while ((pages = r.readNextRowGroup()) != null) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema)
                    .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long n = 0; n < pages.getRowCount(); n++) {
                    rows.add(rr.read());
                }
            }
            int row = 0;
            for (long s = 300; s < 304; s++) {
                DemoEpisode ep = SyntheticDemos.episode(s);
                for (int k = 0; k < ep.frames().size(); k++, row++) {
                    Group g = rows.get(row);
                    assertThat(g.getLong("index", 0)).isEqualTo(row);
                    assertThat(g.getLong("episode_index", 0)).isEqualTo(s - 300);
                    assertThat(g.getLong("frame_index", 0)).isEqualTo(k);
                    assertThat(g.getFloat("timestamp", 0)).isEqualTo((float) ep.frames().get(k).timestamp());
                    Group state = g.getGroup("observation.state", 0);
                    float[] got = new float[state.getFieldRepetitionCount(0)];
                    for (int i = 0; i < got.length; i++) {
                        got[i] = state.getGroup(0, i).getFloat(0, 0);
                    }
                    assertThat(got).containsExactly(ep.frames().get(k).state());
                }
            }
            assertThat(rows).hasSize(row);
        }
    }

    @Test
    void tasksParquetCarriesPandasIndexTaskAsLeRobotLoadsIt() throws Exception {
        Path file = dir.resolve("meta/tasks.parquet");
        try (ParquetFileReader r = open(file)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            assertThat(schema.getType("task_index").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
            assertThat(schema.getType("task").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
            JsonNode pandas = JSON.readTree(r.getFooter().getFileMetaData().getKeyValueMetaData().get("pandas"));
            assertThat(pandas.path("index_columns").toString()).isEqualTo("[\"task\"]");
            assertThat(r.getRecordCount()).isEqualTo(2);
        }
    }

    @Test
    void theJournalRecordsTheFailedAttemptAndTheStagingFolderIsGone() throws Exception {
        assertThat(java.nio.file.Files.exists(dir.resolve(".staging"))).isFalse();
        List<JsonNode> lines = LeRobotWriter.readJournal(dir.resolve(LeRobotLayout.JOURNAL));
        assertThat(lines.stream().filter(l -> l.path("seed").asLong() == 999).findFirst().orElseThrow()
            .path("episode_index").asInt()).isEqualTo(-1);
        try (LeRobotWriter w = SyntheticDemos.writer(dir).build()) {
            assertThat(w.attempted("pick-lift", "arm7", "lab", 999)).isTrue();
            assertThat(w.attempted("pick-lift", "arm7", "lab", 303)).isTrue();
            assertThat(w.attempted("pick-lift", "arm7", "lab", 304)).isFalse();
            assertThat(w.episodes()).isEqualTo(4);
        }
    }
}
