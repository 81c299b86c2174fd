package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfSimCommandTest {

    @Test
    void writesBothSpeedsAndTheirRatio(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("perf.json");
        int code = quietly(() -> Main.run("perf", "sim", "--steps", "500", "--rounds", "1", "--json", json.toString()));
        assertThat(code).isZero();
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        double java = n.get("java_steps_per_s").asDouble();
        double nat = n.get("native_steps_per_s").asDouble();
        assertThat(java).isPositive();
        assertThat(nat).isPositive();
        assertThat(n.get("ratio").asDouble()).isCloseTo(java / nat, org.assertj.core.data.Offset.offset(1e-9));
        // the same work on both sides: the same contacts per step, to the C tool's 2 decimals
        assertThat(n.get("java_contacts_per_step").asDouble())
            .isCloseTo(n.get("native_contacts_per_step").asDouble(), org.assertj.core.data.Offset.offset(0.006));
    }

    @Test
    void aMissingModelIsOneLineAndExitCode2(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = quietly(() -> Main.run("perf", "sim", "--model", dir.resolve("none.xml").toString()));
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(text).isEqualTo("error: perf sim: option '--model': '" + dir.resolve("none.xml")
            + "' does not exist (see ./stackarena help perf sim)");
    }

    @Test
    void aMalformedModelNamesTheFileWithMujocosMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<mujoco><worldbody><geom type=\"sphere\" size=\"0.1\"/></worldbody>");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = quietly(() -> Main.run("perf", "sim", "--model", bad.toString(), "--steps", "100", "--rounds", "1"));
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(text).startsWith("error: " + bad + ": ").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(quietly(() -> Main.run("perf", "sim", "--steps", "ten"))).isEqualTo(2);
        assertThat(quietly(() -> Main.run("no-such-command"))).isEqualTo(2);
        assertThat(quietly(() -> Main.run("--help"))).isZero();
    }

    private static int quietly(java.util.function.IntSupplier call) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return call.getAsInt();
        } finally {
            System.setOut(out);
        }
    }
}
