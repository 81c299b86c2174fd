package org.stackarena.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.sim.robot.RobotDescriptor;

/**
 * {@code --robot FILE}: a user's descriptor (here a copy of arm6 in a temp folder) runs through
 * bench like a shipped robot; a broken descriptor or MJCF is one line and exit 2 before any work;
 * the held-out arm5 is refused by collect.
 */
class RobotFileCliTest {

    /** A copy of arm6 under another id: {@code <folder>/<id>.json} and {@code <folder>/<id>.xml}, edited. */
    static Path copyOfArm6(Path folder, String id, String jsonFind, String jsonReplace, String xmlFind,
                           String xmlReplace) throws IOException {
        String json = RobotDescriptor.modelText("robots/arm6.json")
            .replace("\"id\": \"arm6\"", "\"id\": \"" + id + "\"")
            .replace("\"mjcf\": \"robots/arm6.xml\"", "\"mjcf\": \"" + id + ".xml\"");
        String xml = RobotDescriptor.modelText("robots/arm6.xml");
        assertThat(json).contains(jsonFind);
        assertThat(xml).contains(xmlFind);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(id + ".xml"), xml.replace(xmlFind, xmlReplace));
        return Files.writeString(folder.resolve(id + ".json"), json.replace(jsonFind, jsonReplace));
    }

    @Test
    void anEpisodeOnAUsersDescriptorFileRunsThroughBench(@TempDir Path tmp) throws Exception {
        Path robot = copyOfArm6(tmp.resolve("my robots"), "myarm-cli", "", "", "", "");
        Path out = tmp.resolve("run");
        CliRun.Outcome o = CliRun.run("bench", "--stack", "expert", "--scenario", "pick-lift", "--robot",
            robot.toString(), "--seeds", "1000", "--condition", "lab", "--profile", "ideal", "--workers", "1", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("episodes.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode rec = new ObjectMapper().readTree(lines.get(0));
        assertThat(rec.get("robot").asText()).isEqualTo("myarm-cli");
        assertThat(rec.get("success").asBoolean()).as(rec.toString()).isTrue();
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.toString()).contains("myarm-cli");
    }

    @Test
    void aMissingJointIsOneLineNamingFileAndField(@TempDir Path tmp) throws IOException {
        Path robot = copyOfArm6(tmp, "nojoint", "\"arm6/joint3\"", "\"arm6/elbow\"", "", "");
        String err = CliInputErrorsTest.oneLineError(CliRun.run("bench", "--stack", "expert", "--scenario", "reach",
            "--robot", robot.toString(), "--out", tmp.resolve("run").toString()));
        assertThat(err).isEqualTo("error: bench: option '--robot': " + robot
            + ": field 'joints[2]' = arm6/elbow: no such joint in the MJCF (see ./stackarena help bench)");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aMotorWhereAServoBelongsIsOneLine(@TempDir Path tmp) throws IOException {
        Path robot = copyOfArm6(tmp, "motor", "", "",
            "<position name=\"arm6/act3\" class=\"arm6\" joint=\"arm6/joint3\" kp=\"12000\"",
            "<motor name=\"arm6/act3\" class=\"arm6\" joint=\"arm6/joint3\" gear=\"1\"");
        String err = CliInputErrorsTest.oneLineError(CliRun.run("scenarios", "show", "reach", "--robot",
            robot.toString()));
        assertThat(err).contains("option '--robot'").contains(robot + ": field 'actuators[2]' = arm6/act3: "
            + "is not a position servo");
    }

    @Test
    void aMujoco3ElementIsOneLineNamingTheElement(@TempDir Path tmp) throws IOException {
        Path robot = copyOfArm6(tmp, "frame3", "", "", "<body name=\"arm6/wrist3\" pos=\"0 0 0.095\">",
            "<replicate count=\"1\" offset=\"0 0 0\"><body name=\"arm6/wrist3\" pos=\"0 0 0.095\">");
        String err = CliInputErrorsTest.oneLineError(CliRun.run("sweep", "--param", "*.latency=0ms", "--stack",
            "hold-still", "--scenario", "reach", "--robot", robot.toString(), "--out", tmp.resolve("run").toString()));
        assertThat(err).contains(robot + ": field 'mjcf' = frame3.xml: frame3.xml line ")
            .contains("element <replicate> is MuJoCo 3.x only, MuJoCo 2.2.2 here lacks it");
    }

    @Test
    void theExampleDescriptorsLoadAndMountTheirArm() throws IOException {
        Path examples = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && examples == null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples").resolve("robots"))) {
                examples = p.resolve("examples").resolve("robots");
            }
        }
        assertThat(examples).as("examples/robots above the working directory").isNotNull();
        List<Path> files;
        try (var s = Files.list(examples)) {
            files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        for (Path f : files) {
            RobotDescriptor d = RobotDescriptor.fromFile(f);
            assertThat(d.id()).isEqualTo(f.getFileName().toString().replace(".json", ""));
            assertThat(d.mount().isOrigin()).isFalse();
            assertThat(d.kinematics().dof()).isEqualTo(6);
        }
    }

    @Test
    void collectRefusesTheHeldOutArm(@TempDir Path tmp) {
        Path out = tmp.resolve("data");
        String err = CliInputErrorsTest.oneLineError(CliRun.run("collect", "--robot", "arm5", "--episodes", "1",
            "--out", out.toString()));
        assertThat(err).contains("--robot arm5: held out of every training set");
        assertThat(out).doesNotExist();
    }
}
