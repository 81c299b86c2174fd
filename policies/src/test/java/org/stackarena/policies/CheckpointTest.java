package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path tmp;

    private Path saved() throws Exception {
        Path dir = tmp.resolve("ckpt");
        try (VlaPolicy p = VlaPolicy.create(TestPolicies.tinySpec(), 5)) {
            p.save(dir);
        }
        return dir;
    }

    @Test
    void saveLoadRoundTripsExactly() throws Exception {
        Path dir = tmp.resolve("a");
        float[] img = new float[3 * 48 * 48];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) Math.sin(i) * 0.5f;
        }
        float[] l1, o1;
        try (VlaPolicy p = VlaPolicy.create(TestPolicies.tinySpec(), 5)) {
            l1 = p.system2(img, "pick up the red cube");
            o1 = p.system1(l1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            p.save(dir);
        }
        try (VlaPolicy q = VlaPolicy.load(dir)) {
            float[] l2 = q.system2(img, "pick up the red cube");
            assertThat(l2).containsExactly(l1);
            assertThat(q.system1(l2, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).containsExactly(o1);
            q.save(tmp.resolve("b"));
        }
        assertThat(Files.readAllBytes(tmp.resolve("b/vla.params"))).isEqualTo(Files.readAllBytes(dir.resolve("vla.params")));
        assertThat(Files.readString(tmp.resolve("b/policy.json"))).isEqualTo(Files.readString(dir.resolve("policy.json")));
    }

    private static void assertOneLine(Throwable t, String... parts) {
        assertThat(t).isInstanceOf(CheckpointException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
        for (String p : parts) {
            assertThat(t.getMessage()).contains(p);
        }
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        assertThatThrownBy(() -> VlaPolicy.load(tmp.resolve("nope")))
            .satisfies(t -> assertOneLine(t, "nope", "does not exist"));
        Path dir = saved();
        Files.delete(dir.resolve("vla.params"));
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "vla.params", "missing file"));
        Files.delete(dir.resolve("policy.json"));
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "policy.json", "missing file"));
    }

    @Test
    void corruptParamsAreNamed() throws Exception {
        Path dir = saved();
        byte[] b = Files.readAllBytes(dir.resolve("vla.params"));
        Files.write(dir.resolve("vla.params"), Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "vla.params", "corrupt"));
        Files.write(dir.resolve("vla.params"), "garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "vla.params"));
    }

    @Test
    void policyJsonNotMatchingTheWeightsNamesTheField() throws Exception {
        Path dir = saved();
        Path json = dir.resolve("policy.json");
        String orig = Files.readString(json);
        Files.writeString(json, orig.replace("\"latent_dim\" : 8", "\"latent_dim\" : 12"));
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "vla.params", "model.latent_dim"));
        Files.writeString(json, orig.replace("\"chunk_size\" : 4", "\"chunk_size\" : 6"));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "policy.json", "outputs.action_mean", "6 x 9"));
        Files.writeString(json, orig.replace("\"hidden\" : 32", "\"hidden\" : 16"));
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "vla.params", "model.hidden"));
        Files.writeString(json, orig.replace("\"attention_heads\" : 2", "\"attention_heads\" : 3"));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "vla.params", "model.attention_heads"));
        Files.writeString(json, orig.replace("\"system1_anchors\" : true", "\"system1_anchors\" : false"));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "vla.params", "model.system1_anchors"));
    }

    @Test
    void badArchitectureFieldsAreNamed() throws Exception {
        Path dir = saved();
        Path json = dir.resolve("policy.json");
        String orig = Files.readString(json);
        assertThat(orig).contains("\"attention_heads\" : 2", "\"system1_anchors\" : true");
        Files.writeString(json, orig.replace("\"attention_heads\" : 2", "\"attention_heads\" : -1"));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "policy.json", "model.attention_heads"));
        Files.writeString(json, orig.replace("\"system1_anchors\" : true", "\"system1_anchors\" : \"yes\""));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "policy.json", "model.system1_anchors"));
    }

    @Test
    void badPolicyJsonFieldsAreNamed() throws Exception {
        Path dir = saved();
        Path json = dir.resolve("policy.json");
        String orig = Files.readString(json);
        Files.writeString(json, orig.replace("\"ee_delta\"", "\"joint_velocity\""));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "policy.json", "outputs.action_space", "unknown action space"));
        Files.writeString(json, orig.replace("\"chunk_size\" : 4,", ""));
        assertThatThrownBy(() -> VlaPolicy.load(dir))
            .satisfies(t -> assertOneLine(t, "policy.json", "outputs.chunk_size", "missing"));
        Files.writeString(json, "{ not json");
        assertThatThrownBy(() -> VlaPolicy.load(dir)).satisfies(t -> assertOneLine(t, "policy.json", "JSON"));
    }

    /** policy.json is strict: a typo, a wrong type or a wrong shape is one line naming file and field. */
    @Test
    void unknownFieldsWrongTypesAndShapesAreOneLineEach() throws Exception {
        Path dir = saved();
        Path json = dir.resolve("policy.json");
        String orig = Files.readString(json);
        String[][] cases = {
            // mutation (from -> to), expected parts of the message
            {"\"attention_heads\" : 2", "\"attention_heds\" : 2", "field model.attention_heds", "unknown field",
                "attention_heads"},
            {"\"loops\" : {", "\"lops\" : 1, \"loops\" : {", "field lops", "unknown field"},
            {"\"image_width\" : 48", "\"image_width\" : \"48\"", "field inputs.image_width", "integer"},
            {"\"image_width\" : 48", "\"image_width\" : 48.5", "field inputs.image_width"},
            {"\"hidden\" : 32", "\"hidden\" : [32]", "field model.hidden"},
            {"\"crop\" : [ 0.0, 1.0, 0.0, 1.0 ]", "\"crop\" : [ 0.0, 1.0, 0.0 ]", "field inputs.crop", "fractions"},
            {"\"channels\" : [ 8, 8, 8 ]", "\"channels\" : [ 8, 0, 8 ]", "field model.channels[1]", "positive"},
            {"\"system1_hz\" : 100.0", "\"system1_hz\" : -1", "field loops.system1_hz", "positive"},
            {"\"cameras\" : [ \"front\" ]", "\"cameras\" : [ ]", "field inputs.cameras", "empty"},
            {"\"loops\" : {", "\"chunk_execution\" : \"average\", \"loops\" : {", "field chunk_execution",
                "unknown kind 'average'", "valid forms"},
        };
        for (String[] c : cases) {
            assertThat(orig).as("test case source text").contains(c[0]);
            Files.writeString(json, orig.replace(c[0], c[1]));
            String[] parts = Arrays.copyOfRange(c, 2, c.length);
            assertThatThrownBy(() -> VlaPolicy.load(dir)).as(c[1])
                .satisfies(t -> assertOneLine(t, "policy.json", parts[0]))
                .satisfies(t -> assertOneLine(t, parts));
        }
    }

    @Test
    void inferenceIsOfflineAndCachesUnderTheBuildTree() throws Exception {
        try (VlaPolicy p = VlaPolicy.create(TestPolicies.tinySpec(), 1)) {
            assertThat(p.system1(new float[8 + PolicySpec.GOAL_DIM], new float[10])).hasSize(4 * 10);
        }
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
        assertThat(System.getProperty("ai.djl.pytorch.num_threads")).isEqualTo("1");
        String cache = System.getProperty(Djl.CACHE_DIR, System.getenv(Djl.CACHE_DIR));
        assertThat(cache).doesNotContain(".djl.ai");
        assertThat(Files.isDirectory(Path.of(cache, "pytorch"))).as("libtorch unpacked under %s", cache).isTrue();
    }
}
