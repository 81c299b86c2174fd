package org.stackarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneGeometryTest {

    @Test
    void readsTheVisiblePrimitivesAndWhichBodiesMove() throws Exception {
        String xml;
        try (InputStream in = Simulation.class.getResourceAsStream("models/perf/arm3_box.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Simulation sim = Simulation.fromXml("arm3_box", xml, Map.of())) {
            SceneGeometry g = SceneGeometry.of(sim);
            assertThat(g.bodies()).startsWith("world").contains("base", "link1", "box");
            assertThat(g.moving().get(g.bodies().indexOf("base"))).as("welded to the world").isFalse();
            assertThat(g.moving().get(g.bodies().indexOf("link1"))).isTrue();
            assertThat(g.moving().get(g.bodies().indexOf("box"))).isTrue();
            assertThat(g.geoms()).extracting(SceneGeometry.Geom::type)
                .containsExactly("plane", "cylinder", "capsule", "capsule", "capsule", "box");
            SceneGeometry.Geom box = g.geoms().get(5);
            assertThat(box.body()).isEqualTo(g.bodies().indexOf("box"));
            assertThat(box.size()).containsExactly(0.05, 0.05, 0.05);
            assertThat(box.rgba()[0]).isCloseTo(0.8f, within(1e-6f));
            // a capsule given by fromto: centred half-way, half length 0.15 along the body's z
            SceneGeometry.Geom link1 = g.geoms().get(2);
            assertThat(link1.pos()[2]).isCloseTo(0.15, within(1e-9));
            assertThat(link1.size()[1]).isCloseTo(0.15, within(1e-9));
        }
    }
}
