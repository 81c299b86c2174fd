package org.stackarena.benchmarks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.stackarena.policies.data.DemoEpisode;
import org.stackarena.policies.data.DemoWriter;
import org.stackarena.policies.data.lerobot.DatasetValidator;
import org.stackarena.policies.data.lerobot.LeRobotReader;
import org.stackarena.policies.data.lerobot.NpyConverter;
import org.stackarena.policies.data.lerobot.Parquet;
import org.stackarena.policies.data.lerobot.VideoCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stackarena dataset info|validate|convert}: look at, check and convert demonstration datasets. */
@Command(name = "dataset", description = "Summarise, validate (LeRobot v3.0 schema), convert (.npy layout -> v3.0) or "
    + "compare datasets.",
    subcommands = {DatasetCommand.Info.class, DatasetCommand.Validate.class, DatasetCommand.Convert.class,
        DatasetCommand.Compare.class})
public final class DatasetCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dataset's summary. */
    @Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a dataset's format, size, features, tasks and episodes per scenario.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "the dataset")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path infoFile = dir.resolve("meta/info.json");
            if (!Files.isRegularFile(infoFile)) {
                throw new UserInputException(infoFile + ": missing (not a dataset)");
            }
            JsonNode info = JSON.readTree(infoFile.toFile());
            boolean v3 = LeRobotReader.isV3(dir);
            System.out.printf("dataset   %s%n", dir);
            System.out.printf("format    %s%s%n", info.path("codebase_version").asText("?"),
                v3 ? " (LeRobot; Parquet + MP4)" : " (StackArena .npy folders; convert with: dataset convert)");
            System.out.printf("robot     %s   fps %s%n", info.path("robot_type").asText("-"), info.path("fps").asText());
            System.out.printf("episodes  %d   frames %d   tasks %d%n", info.path("total_episodes").asLong(),
                info.path("total_frames").asLong(), info.path("total_tasks").asLong());
            System.out.printf("size      %.1f MB%n", size(dir) / 1e6);
            System.out.println("features");
            info.path("features").fields().forEachRemaining(f -> {
                JsonNode v = f.getValue();
                String extra = v.path("info").has("video.codec") ? "  " + v.path("info").path("video.codec").asText() + " "
                    + v.path("info").path("video.pix_fmt").asText() : "";
                System.out.printf("  %-32s %-8s %s%s%n", f.getKey(), v.path("dtype").asText(), v.path("shape"), extra);
            });
            Map<String, int[]> byScenario = new TreeMap<>();
            if (v3) {
                try (Parquet pq = new Parquet()) {
                    Path glob = dir.resolve("meta/episodes");
                    if (Files.isDirectory(glob)) {
                        boolean ours = pq.columns(firstParquet(glob)).containsKey("scenario");
                        String sql = "SELECT " + (ours ? "scenario" : "'-'") + ", count(*), sum(length) FROM read_parquet("
                            + Parquet.literal(glob + "/*/*.parquet") + ") GROUP BY 1 ORDER BY 1";
                        pq.query(sql, r -> byScenario.put(r.getString(1), new int[] {r.getInt(2), r.getInt(3)}));
                    }
                }
            } else {
                for (JsonNode e : DemoWriter.readLines(dir.resolve("meta/episodes.jsonl"))) {
                    int[] c = byScenario.computeIfAbsent(e.path("scenario").asText("-"), k -> new int[2]);
                    c[0]++;
                    c[1] += e.path("length").asInt();
                }
            }
            System.out.println("episodes per scenario");
            byScenario.forEach((k, v) -> System.out.printf("  %-24s %5d episodes %7d frames%n", k, v[0], v[1]));
            return 0;
        }

        private static Path firstParquet(Path dir) throws java.io.IOException {
            try (Stream<Path> s = Files.walk(dir, 2)) {
                return s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst()
                    .orElseThrow(() -> new UserInputException(dir + ": no episodes files"));
            }
        }
    }

    /** Schema validation. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a LeRobot v3.0 dataset against the schema LeRobot's loader uses.",
            "One line per problem (file: field: problem); exit 2 when there is any."})
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "the dataset")
        Path dir;

        @Override
        public Integer call() {
            List<String> problems = DatasetValidator.validate(dir);
            if (problems.isEmpty()) {
                System.out.println("dataset validate: " + dir + ": valid LeRobot v3.0 dataset");
                return 0;
            }
            problems.forEach(p -> System.err.println("error: " + dir.resolve(p.substring(0, p.indexOf(':')))
                + p.substring(p.indexOf(':'))));
            return Main.EXIT_INPUT;
        }
    }

    /** .npy layout -> v3.0. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a dataset of the older .npy layout into a LeRobot v3.0 dataset (resumable).")
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", converter = Converters.ExistingDir.class, description = "the .npy dataset")
        Path dir;

        @Mixin
        CommonOptions.RequiredOut out;

        @Option(names = "--video-codec", defaultValue = "h264-lossless", converter = Converters.VideoCodecName.class,
            description = "camera encoding: h264-lossless (exact), h264-yuv444 (+-2 levels), av1 (LeRobot's default, "
                + "lossy) (default ${DEFAULT-VALUE})")
        VideoCodec codec;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            int n = NpyConverter.convert(dir, out.dir, codec, System.out::println);
            System.out.printf("convert: %d episodes -> %s (%.0f s); %s%n", n, out.dir, (System.nanoTime() - t0) / 1e9,
                DatasetValidator.validate(out.dir).isEmpty() ? "valid" : "INVALID: run dataset validate");
            return 0;
        }
    }

    /** Feature-by-feature comparison of two datasets holding the same episodes. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two datasets of the same episodes (either layout) feature by feature:",
            "tables as bit-exact or not (max abs difference), camera frames as max and mean abs pixel error."})
    static final class Compare implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A", converter = Converters.ExistingDir.class, description = "a dataset")
        Path a;

        @Parameters(index = "1", paramLabel = "B", converter = Converters.ExistingDir.class, description = "another dataset")
        Path b;

        @Override
        public Integer call() throws Exception {
            List<DemoEpisode> x = episodes(a), y = episodes(b);
            if (x.size() != y.size()) {
                throw new UserInputException(b + ": has " + y.size() + " episodes but " + a + " has " + x.size()
                    + "; compare datasets of the same episodes");
            }
            Map<String, double[]> tables = new java.util.LinkedHashMap<>(); // frames, mismatches, max abs diff
            Map<String, double[]> images = new java.util.LinkedHashMap<>(); // values, sum abs, max abs
            for (int i = 0; i < x.size(); i++) {
                DemoEpisode ea = x.get(i), eb = y.get(i);
                if (ea.seed() != eb.seed() || ea.frames().size() != eb.frames().size()) {
                    throw new UserInputException(b + ": episode " + i + " is seed " + eb.seed() + " with "
                        + eb.frames().size() + " frames; " + a + " has seed " + ea.seed() + " with " + ea.frames().size());
                }
                for (int k = 0; k < ea.frames().size(); k++) {
                    DemoEpisode.Frame fa = ea.frames().get(k), fb = eb.frames().get(k);
                    table(tables, "observation.state", fa.state(), fb.state());
                    table(tables, "observation.joints", fa.joints(), fb.joints());
                    table(tables, "action", fa.action(), fb.action());
                    if (fa.env() != null && fb.env() != null) {
                        table(tables, "observation.environment_state", fa.env(), fb.env());
                    }
                    table(tables, "timestamp", new float[] {(float) fa.timestamp()}, new float[] {(float) fb.timestamp()});
                    for (Map.Entry<String, byte[]> im : fa.images().entrySet()) {
                        byte[] pb = fb.images().get(im.getKey());
                        if (pb == null) {
                            continue;
                        }
                        double[] s = images.computeIfAbsent("observation.images." + im.getKey(), n -> new double[3]);
                        for (int p = 0; p < pb.length; p++) {
                            int d = Math.abs((im.getValue()[p] & 0xff) - (pb[p] & 0xff));
                            s[0]++;
                            s[1] += d;
                            s[2] = Math.max(s[2], d);
                        }
                    }
                }
            }
            System.out.printf("compare: %d episodes, %s vs %s%n", x.size(), a, b);
            tables.forEach((k, v) -> System.out.printf("  %-32s %8.0f frames  %s%n", k, v[0], v[1] == 0 ? "bit-exact"
                : String.format("%.0f frames differ, max abs %.3g", v[1], v[2])));
            images.forEach((k, v) -> System.out.printf("  %-32s %8.0f values  max abs %.0f, mean abs %.4f (of 255)%n", k,
                v[0], v[2], v[1] / Math.max(1, v[0])));
            return 0;
        }

        private static List<DemoEpisode> episodes(Path dir) throws java.io.IOException {
            return LeRobotReader.isV3(dir) ? LeRobotReader.readEpisodes(dir) : NpyConverter.read(dir).episodes();
        }

        private static void table(Map<String, double[]> t, String name, float[] p, float[] q) {
            double[] s = t.computeIfAbsent(name, n -> new double[3]);
            s[0]++;
            boolean same = p.length == q.length;
            double max = 0;
            for (int i = 0; same && i < p.length; i++) {
                same = Float.floatToRawIntBits(p[i]) == Float.floatToRawIntBits(q[i]);
                max = Math.max(max, Math.abs(p[i] - q[i]));
            }
            if (!same) {
                s[1]++;
                s[2] = Math.max(s[2], p.length == q.length ? max : Double.POSITIVE_INFINITY);
            }
        }
    }

    static long size(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
