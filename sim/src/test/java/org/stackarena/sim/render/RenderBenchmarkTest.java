package org.stackarena.sim.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderBenchmarkTest {

    @Test
    void measuresAllThreeSizesOfASceneFileAndWritesSnakeCaseJson(@TempDir Path dir) throws Exception {
        Path scene = dir.resolve("bench.xml");
        Files.writeString(scene, RenderBenchmark.DEFAULT_SCENE);
        RenderBenchmark.Result r = RenderBenchmark.run(scene, "front", 2, 10);
        assertThat(r.rgbd64Ms()).isPositive();
        assertThat(r.rgbd128Ms()).isPositive();
        assertThat(r.rgbd224Ms()).isPositive();
        assertThat(r.rgbd224P99Ms()).isGreaterThanOrEqualTo(r.rgbd224Ms() * 0.5);
        assertThat(r.frames()).isEqualTo(10);
        assertThat(r.toJson()).contains("\"rgbd_64_ms\":", "\"rgbd_128_ms\":", "\"rgbd_224_ms\":",
            "\"rgbd_224_p99_ms\":", "\"camera\":\"front\"");
    }
}
