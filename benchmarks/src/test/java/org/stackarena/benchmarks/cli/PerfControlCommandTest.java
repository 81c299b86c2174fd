package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfControlCommandTest {

    @Test
    void writesTheTickFiguresItMeasured(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("control.json");
        int code = CliRun.run("perf", "control", "--ticks", "2000", "--perception-ticks", "10", "--json", json.toString()).code();
        assertThat(code).isZero();
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        // computed, not judged: percentiles are ordered and the allocation counter is read
        assertThat(n.get("control_tick_p99_us").asDouble()).isGreaterThanOrEqualTo(n.get("control_tick_p50_us").asDouble()).isPositive();
        assertThat(n.get("perception_tick_p99_ms").asDouble()).isGreaterThanOrEqualTo(n.get("perception_tick_p50_ms").asDouble());
        assertThat(n.get("control_alloc_bytes_per_tick").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(CliRun.run("perf", "control", "--robot", "ur99").code()).isEqualTo(2);
    }
}
