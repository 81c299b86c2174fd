package org.stackarena.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.sim.Simulation.ObjType;

class SimulationTest {

    static final String FALLING = """
        <mujoco model="falling">
          <option timestep="0.002" gravity="0 0 -9.81"/>
          <worldbody>
            <body name="ball" pos="0 0 10">
              <freejoint/>
              <geom type="sphere" size="0.1" mass="1" contype="0" conaffinity="0"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    static String perfModel() throws IOException {
        try (InputStream in = Simulation.class.getResourceAsStream("models/perf/arm3_box.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return xml.replace("</mujoco>",
                "<keyframe><key name=\"reach\" qpos=\"0 0.9 0.9 0.5 0 0.05 1 0 0 0\"/></keyframe></mujoco>");
        }
    }

    @Test
    void loadsAValidModelFromFileWithItsSizesAndNames(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("arm.xml");
        Files.writeString(file, perfModel());
        try (Simulation sim = Simulation.load(file)) {
            assertThat(sim.nq()).isEqualTo(3 + 7);
            assertThat(sim.nv()).isEqualTo(3 + 6);
            assertThat(sim.nu()).isEqualTo(3);
            assertThat(sim.timestep()).isEqualTo(0.002);
            assertThat(sim.names(ObjType.JOINT)).contains("j1", "j2", "j3");
            assertThat(sim.id(ObjType.SITE, "tip")).isZero();
            double[] tip = new double[3];
            sim.readSitePos(sim.id(ObjType.SITE, "tip"), tip);
            // arm straight up: tip at base (0.05) + 0.05 + 0.3, reaching out 0.55 along x
            assertThat(tip[0]).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(tip[2]).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
            double[] sensor = new double[3];
            sim.readSensor(sim.id(ObjType.SENSOR, "tip_pos"), sensor);
            assertThat(sensor).containsExactly(tip);
        }
    }

    @Test
    void unknownNameListsWhatExists() throws IOException {
        try (Simulation sim = Simulation.fromXml("arm", perfModel(), Map.of())) {
            assertThatThrownBy(() -> sim.id(ObjType.JOINT, "elbow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no joint named 'elbow'")
                .hasMessageContaining("j1, j2, j3");
        }
    }

    @Test
    void malformedXmlNamesTheFileAndMujocosMessage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.xml");
        Files.writeString(file, "<mujoco><worldbody><body><geom type=\"sphere\"/></body></worldbod></mujoco>");
        assertThatThrownBy(() -> Simulation.load(file))
            .isInstanceOf(ModelLoadException.class)
            .hasMessageStartingWith(file.toString() + ": ")
            .hasMessageContaining("XML parse error")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\0").doesNotEndWith(" "));
    }

    @Test
    void invalidModelContentIsRejectedWithMujocosReason() {
        String xml = "<mujoco><worldbody><geom type=\"box\" size=\"-1 1 1\"/></worldbody></mujoco>";
        assertThatThrownBy(() -> Simulation.fromXml("bad-size", xml, Map.of()))
            .isInstanceOf(ModelLoadException.class)
            .hasMessageStartingWith("bad-size: ");
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        Path file = dir.resolve("nope.xml");
        assertThatThrownBy(() -> Simulation.load(file))
            .isInstanceOf(ModelLoadException.class)
            .hasMessage(file + ": no such model file");
    }

    @Test
    void mjuErrorThrowsInsteadOfExitingAndTheJvmCarriesOn() {
        assertThatThrownBy(() -> Simulation.raiseNativeErrorForTest("deliberate failure"))
            .isInstanceOf(SimulationException.class)
            .hasMessageContaining("deliberate failure");
        // the process is alive and MuJoCo still works
        try (Simulation sim = Simulation.fromXml("falling", FALLING, Map.of())) {
            sim.step(10);
            assertThat(sim.time()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void stackOverflowInsideStepBecomesAnExceptionAndTheSimulationStaysUsable() throws IOException {
        // the box starts in the air; once it lands, the contact solver needs more stack than this
        // small arena holds and mj_step calls mju_error("Stack overflow")
        String xml = perfModel()
            .replace("<option timestep=\"0.002\"/>", "<option timestep=\"0.002\"/><size nstack=\"400\"/>")
            .replace("<body name=\"box\" pos=\"0.5 0 0.05\">", "<body name=\"box\" pos=\"0.5 0 0.3\">");
        try (Simulation sim = Simulation.fromXml("tiny-stack", xml, Map.of())) {
            assertThatThrownBy(() -> sim.step(400))
                .isInstanceOf(SimulationException.class)
                .hasMessage("tiny-stack: MuJoCo error in mj_step: Stack overflow");
            assertThat(sim.time()).as("data reset after the error").isZero();
            sim.step(10);
            assertThat(sim.time()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void freeFallMatchesTheAnalyticalSolution() {
        try (Simulation sim = Simulation.fromXml("falling", FALLING, Map.of())) {
            int ball = sim.id(ObjType.BODY, "ball");
            sim.step(500); // 1 s
            double[] pos = new double[3];
            sim.readBodyPos(ball, pos);
            double t = sim.time();
            assertThat(t).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            double expected = 10 - 0.5 * 9.81 * t * t;
            // semi-implicit Euler is first order: error about g*dt*t/2 = 0.01 m
            assertThat(pos[2]).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.012));
            double[] qvel = new double[sim.nv()];
            sim.readQvel(qvel);
            assertThat(qvel[2]).isCloseTo(-9.81 * t, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void closeTwiceIsSafeAndUseAfterCloseIsAnError() {
        Simulation sim = Simulation.fromXml("falling", FALLING, Map.of());
        sim.close();
        sim.close();
        assertThat(sim.isClosed()).isTrue();
        assertThatThrownBy(sim::nativeModel).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void saveAndRestoreReproduceATrajectoryBitForBit() throws IOException {
        try (Simulation sim = Simulation.fromXml("arm", perfModel(), Map.of())) {
            sim.resetToKeyframe("reach");
            java.util.Random rnd = new java.util.Random(42);
            for (int i = 0; i < 200; i++) {
                drive(sim, rnd);
            }
            SimState saved = sim.saveState(sim.newState());
            long seed = 7;
            double[][] first = run(sim, seed);
            sim.restoreState(saved);
            assertThat(sim.saveState(sim.newState())).isEqualTo(saved);
            double[][] second = run(sim, seed);
            assertThat(second).isDeepEqualTo(first);
        }
    }

    @Test
    void instabilityIsReportedAsAWarning() {
        try (Simulation sim = Simulation.fromXml("falling", FALLING, Map.of())) {
            assertThat(sim.warningCount()).isZero();
            sim.setQvel(2, Double.NaN);
            sim.step();
            assertThat(sim.warningCount()).isEqualTo(1);
            assertThat(sim.lastWarning().kind()).isEqualTo(SimWarning.Kind.BAD_QVEL);
            assertThat(sim.lastWarning().kind().isInstability()).isTrue();
        }
    }

    private static double[][] run(Simulation sim, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double[][] out = new double[300][sim.nq()];
        for (int i = 0; i < out.length; i++) {
            drive(sim, rnd);
            sim.readQpos(out[i]);
        }
        return out;
    }

    private static void drive(Simulation sim, java.util.Random rnd) {
        for (int a = 0; a < sim.nu(); a++) {
            sim.setCtrl(a, rnd.nextDouble() * 2 - 1);
        }
        sim.step();
    }
}
