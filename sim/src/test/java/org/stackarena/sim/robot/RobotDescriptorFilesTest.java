package org.stackarena.sim.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.KinematicChain;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;

/**
 * Robot descriptor files: each mistake in {@code robots/bad-descriptors.tsv} gives exactly its one
 * line; a user's copy of a shipped arm loads, mounts where its descriptor says and publishes the
 * kinematic chain of the compiled model.
 */
class RobotDescriptorFilesTest {

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = RobotDescriptorFilesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code <name>.json} (myarm.json edited) and {@code myarm.xml} (arm6.xml edited) into a folder. */
    private static Path write(Path folder, String name, String json, String xml) throws IOException {
        Files.writeString(folder.resolve("myarm.xml"), xml);
        return Files.writeString(folder.resolve(name + ".json"), json);
    }

    private static String apply(String text, String edits) {
        for (String pair : edits.split(" ;; ")) {
            String[] fr = pair.split(" => ", -1);
            assertThat(text).as("the case's find text").contains(fr[0]);
            text = text.replace(fr[0], fr[1]);
        }
        return text;
    }

    @TestFactory
    Stream<DynamicTest> eachBadDescriptorIsOneLineNamingFileFieldAndProblem() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : resource("/robots/bad-descriptors.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            tests.add(DynamicTest.dynamicTest(c[0], () -> {
                Path folder = Files.createDirectories(dir.resolve(c[0]));
                String json = resource("/robots/myarm.json");
                String xml = RobotDescriptor.modelText("robots/arm6.xml");
                if (c[1].equals("json")) {
                    json = apply(json, c[2]);
                } else {
                    xml = apply(xml, c[2]);
                }
                Path file = write(folder, c[0], json, xml);
                assertThatThrownBy(() -> RobotDescriptor.fromFile(file))
                    .isInstanceOf(RobotDescriptorException.class)
                    .satisfies(e -> assertThat(e.getMessage().replace(folder + "/", ""))
                        .isEqualTo(c[3]));
                assertThat(RobotDescriptor.isUserRobot("myarm")).as("a rejected robot is not registered").isFalse();
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests.stream();
    }

    @Test
    void aUsersCopyOfArm6MountsWhereItsDescriptorSaysAndPublishesItsChain() throws IOException {
        String json = resource("/robots/myarm.json").replace("\"id\": \"myarm\"", "\"id\": \"myarm-mounted\"")
            .replace("\"pos\": [0.0, 0.0, 0.0], \"yaw_deg\": 0.0", "\"pos\": [0.05, -0.1, 0.02], \"yaw_deg\": 30.0");
        Path file = write(dir, "mounted", json, RobotDescriptor.modelText("robots/arm6.xml"));
        RobotDescriptor d = RobotDescriptor.fromFile(file);
        assertThat(d.id()).isEqualTo("myarm-mounted");
        assertThat(RobotDescriptor.load("myarm-mounted")).isSameAs(d);
        assertThat(RobotDescriptor.fromFile(file)).as("reading the same file again").isSameAs(d);
        assertThat(RobotDescriptor.known()).contains("arm5", "arm6", "arm7", "myarm-mounted");

        // arm6's home ee is (0.45, 0, 0.45); mounted at (0.05, -0.1, 0.02) turned 30 degrees it moves with the base
        double yaw = Math.toRadians(30);
        double[] expected = {0.05 + 0.45 * Math.cos(yaw), -0.1 + 0.45 * Math.sin(yaw), 0.02 + 0.45};
        try (Simulation sim = RobotFiles.compileInScene(d)) {
            for (int j = 0; j < d.dof(); j++) {
                sim.setQpos(sim.jointQposAddress(sim.id(ObjType.JOINT, d.joints().get(j))), d.homeQpos()[j]);
            }
            sim.forward();
            double[] ee = new double[3];
            sim.readSitePos(sim.id(ObjType.SITE, "ee"), ee);
            assertThat(ee).containsExactly(expected, within(1e-3));
        }
        KinematicChain chain = d.kinematics();
        assertThat(chain.dof()).isEqualTo(6);
        assertThat(chain.home()).containsExactly(d.homeQpos(), within(0.0));
        // the first joint (base pan) turns about world z through the mount point
        assertThat(chain.axes()).startsWith(new double[] {0, 0, 1}, within(1e-9));
        assertThat(chain.points()[0]).isCloseTo(0.05, within(1e-9));
        assertThat(chain.points()[1]).isCloseTo(-0.1, within(1e-9));
    }

    @Test
    void meshFilesNextToTheMjcfTravelWithTheRobotIntoTheScene() throws IOException {
        // the palm as an OBJ mesh in a sub-folder, found through <compiler meshdir>, as downloaded models do
        Path folder = Files.createDirectories(dir.resolve("meshy"));
        Files.createDirectories(folder.resolve("meshes"));
        Files.writeString(folder.resolve("meshes/palm.obj"), "v -0.025 -0.08 0\nv 0.025 -0.08 0\nv 0.025 0.08 0\n"
            + "v -0.025 0.08 0\nv 0 0 0.05\nf 1 3 2\nf 1 4 3\nf 1 2 5\nf 2 3 5\nf 3 4 5\nf 4 1 5\n");
        String xml = RobotDescriptor.modelText("robots/arm6.xml")
            .replace("<mujoco model=\"arm6\">", "<mujoco model=\"arm6\">\n  <compiler meshdir=\"meshes\"/>\n"
                + "  <asset><mesh name=\"palm\" file=\"palm.obj\"/></asset>")
            .replace("<geom name=\"arm6/palm\" type=\"box\" size=\"0.025 0.08 0.025\"",
                "<geom name=\"arm6/palm\" type=\"mesh\" mesh=\"palm\"");
        String json = resource("/robots/myarm.json").replace("\"id\": \"myarm\"", "\"id\": \"myarm-meshy\"");
        RobotDescriptor d = RobotDescriptor.fromFile(write(folder, "meshy", json, xml));
        assertThat(d.includeFiles()).containsKeys("myarm-meshy.xml", "palm.obj");
        try (Simulation sim = RobotFiles.compileInScene(d)) {
            assertThat(sim.idOrMinus1(ObjType.GEOM, "arm6/palm")).isNotNegative();
        }
        assertThat(d.kinematics().dof()).isEqualTo(6);
    }

    @Test
    void anotherFileWithAnIdAlreadyReadIsRefused() throws IOException {
        String json = resource("/robots/myarm.json").replace("\"id\": \"myarm\"", "\"id\": \"myarm-twice\"");
        Path a = write(Files.createDirectories(dir.resolve("a")), "twice", json, RobotDescriptor.modelText("robots/arm6.xml"));
        Path b = write(Files.createDirectories(dir.resolve("b")), "twice", json, RobotDescriptor.modelText("robots/arm6.xml"));
        RobotDescriptor.fromFile(a);
        assertThatThrownBy(() -> RobotDescriptor.fromFile(b)).isInstanceOf(RobotDescriptorException.class)
            .hasMessage(b + ": field 'id' = myarm-twice: already the id of the robot read from " + a
                + " in this run; give this robot another id");
    }

    @Test
    void shippedRobotsPassTheSameChecksAsAUsersAndArm5IsHeldOut() throws IOException {
        for (String id : RobotDescriptor.SHIPPED) {
            RobotDescriptor shipped = RobotDescriptor.load(id);
            // a user's copy of each shipped robot, renamed, passes every file and model check
            String json = resource("/org/stackarena/sim/models/robots/" + id + ".json")
                .replace("\"id\": \"" + id + "\"", "\"id\": \"copy-of-" + id + "\"")
                .replace("\"mjcf\": \"robots/" + id + ".xml\"", "\"mjcf\": \"copy.xml\"");
            Path folder = Files.createDirectories(dir.resolve(id));
            Files.writeString(folder.resolve("copy.xml"), RobotDescriptor.modelText(shipped.mjcf()));
            RobotDescriptor copy = RobotDescriptor.fromFile(Files.writeString(folder.resolve("copy.json"), json));
            assertThat(copy.kinematics()).as(id).isEqualTo(shipped.kinematics());
            assertThat(copy.dof()).isBetween(RobotDescriptor.MIN_DOF, RobotDescriptor.MAX_DOF);
            assertThat(shipped.heldOut()).as(id + " held out").isEqualTo(id.equals("arm5"));
        }
    }
}
