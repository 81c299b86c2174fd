package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI's console (slf4j-simple, configured by {@code simplelogger.properties}): third-party libraries
 * warn only, DJL's harmless CUDA probe on a CPU-only machine is silent, and our own logging is unchanged.
 */
class ConsoleLoggingTest {

    @Test
    void aVlaBenchPrintsProgressButNoDjlInfoLinesAndNoCudaProbeWarning(@TempDir Path tmp) throws Exception {
        // A child JVM: DJL logs its engine start once per process, and another test may have started it here.
        Path err = tmp.resolve("stderr.txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", "javacpp-cache"),
            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "bench", "--suite", "smoke", "--stack", "vla", "--scenario", "reach", "--condition", "lab",
            "--workers", "1", "--out", tmp.resolve("run").toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stderr).as("our own progress").contains("[bench] 1/1 episodes");
        assertThat(stderr).doesNotContain("INFO ai.djl").doesNotContain("Failed to detect GPU count");
    }

    @Test
    void thirdPartyLoggersWarnOnlyAndOursLogInfo() {
        Logger ours = LoggerFactory.getLogger("org.stackarena.api.harness.ResultsStore");
        assertThat(ours.isInfoEnabled()).isTrue();
        assertThat(ours.isDebugEnabled()).isFalse();
        for (String name : List.of("ai.djl.pytorch.engine.PtEngine", "ai.djl.util.Platform", "org.apache.spark.SparkContext",
                "io.netty.util.internal.PlatformDependent", "org.bytedeco.javacpp.Loader", "com.example.SomeStack")) {
            Logger l = LoggerFactory.getLogger(name);
            assertThat(l.isInfoEnabled()).as(name).isFalse();
            assertThat(l.isWarnEnabled()).as(name).isTrue();
        }
        Logger cuda = LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils");
        assertThat(cuda.isWarnEnabled()).isFalse();
        assertThat(cuda.isErrorEnabled()).isTrue();
    }
}
