package org.stackarena.policies.data.lerobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each row of {@code bad-datasets/expected.tsv} breaks a valid dataset in one way; the validator must
 * report exactly that one line (file, field, problem).
 */
class BadDatasetTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path good;

    @BeforeAll
    static void writeGood() throws Exception {
        assumeTrue(Ffmpeg.available(), "ffmpeg/ffprobe not installed (./stackarena installs Debian's ffmpeg)");
        good = tmp.resolve("good");
        try (LeRobotWriter w = SyntheticDemos.writer(good).build()) {
            SyntheticDemos.write(w, 300, 4);
        }
        assertThat(DatasetValidator.validate(good)).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedDatasetGivesItsOneLine() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = BadDatasetTableTest.class.getResourceAsStream("/bad-datasets/expected.tsv")) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    rows.add(l.split("\t", -1));
                }
            }
        }
        assertThat(rows).hasSizeGreaterThan(20);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            Path dir = tmp.resolve("case-" + i);
            tests.add(DynamicTest.dynamicTest(r[0] + " " + r[1] + " " + r[2] + " " + r[3], () -> {
                copy(good, dir);
                mutate(dir, r[0], r[1], r[2], r[3]);
                List<String> problems = DatasetValidator.validate(dir);
                String want = r[4];
                assertThat(problems).as("problems").hasSize(1);
                if (want.endsWith("GARBLED")) {
                    assertThat(problems.get(0)).startsWith(want.substring(0, want.length() - "GARBLED".length()));
                } else {
                    assertThat(problems.get(0)).isEqualTo(want);
                }
            }));
        }
        return tests.stream();
    }

    private static void mutate(Path dir, String op, String file, String pointer, String value) throws IOException {
        Path f = dir.resolve(file);
        switch (op) {
            case "delete" -> Files.delete(f);
            case "garble" -> Files.writeString(f, value);
            case "set", "remove" -> {
                JsonNode root = JSON.readTree(f.toFile());
                JsonPointer p = JsonPointer.compile(pointer);
                ObjectNode parent = (ObjectNode) root.at(p.head());
                String field = p.last().getMatchingProperty();
                if (op.equals("set")) {
                    parent.set(field, JSON.readTree(value));
                } else {
                    parent.remove(field);
                }
                JSON.writeValue(f.toFile(), root);
            }
            default -> throw new IllegalArgumentException("unknown mutation " + op);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
