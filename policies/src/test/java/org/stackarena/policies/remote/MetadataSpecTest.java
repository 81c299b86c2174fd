package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stackarena.api.ActionSpace;

class MetadataSpecTest {

  private static final String HINT = MetadataSpec.CLIENT_HINT;

  private static MetadataSpec client() {
    return MetadataSpec.NONE.withActionSpace(ActionSpace.Type.EE_DELTA, new double[] {-1, -1, -1, -2, -2, -2},
        new double[] {1, 1, 1, 2, 2, 2}).withChunkIntervalS(0.05).withImageSize(new int[] {128, 96})
        .withCameraKeys(List.of("img")).withStateKeys(List.of("s")).withPolicyName("mine");
  }

  @Test
  void anEmptyServerMapTakesEverythingFromTheClient() {
    ServerMetadata m = MetadataSpec.fromWire(Map.of()).resolve(client(), HINT);
    assertThat(m.actionType()).isEqualTo(ActionSpace.Type.EE_DELTA);
    assertThat(m.high()).containsExactly(1, 1, 1, 2, 2, 2);
    assertThat(m.chunkIntervalS()).isEqualTo(0.05);
    assertThat(m.imageHeight()).isEqualTo(128);
    assertThat(m.imageWidth()).isEqualTo(96);
    assertThat(m.cameraKeys()).containsExactly("img");
    assertThat(m.policyName()).isEqualTo("mine");
  }

  @Test
  void fieldsGivenOnBothSidesMustAgreeAndTheServersNameWins() {
    Map<String, Object> wire = Map.of("policy_name", "pi0", "chunk_interval_s", 0.05, "image_size", List.of(128, 96),
        "action_space", Map.of("type", "ee_delta", "low", List.of(-1f, -1f, -1f, -2f, -2f, -2f),
            "high", List.of(1f, 1f, 1f, 2f, 2f, 2f)), "reset_pose", List.of(0, 1));
    ServerMetadata m = MetadataSpec.fromWire(wire).resolve(client(), HINT);
    assertThat(m.policyName()).isEqualTo("pi0");
    assertThat(m.extra()).containsOnlyKeys("reset_pose");

    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("image_size", List.of(224, 224))).resolve(client(), HINT))
        .hasMessage("metadata says image_size [224, 224] but the client config says [128, 96] (" + HINT
            + " image_size); make them agree or drop the client's");
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("action_space", "joint_position")).resolve(client(), HINT))
        .hasMessageContaining("says action_space.type joint_position but the client config says ee_delta");
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("action_space", Map.of("type", "ee_delta",
        "low", List.of(-1, -1, -1, -1, -1, -1), "high", List.of(1, 1, 1, 1, 1, 1)))).resolve(client(), HINT))
        .hasMessageContaining("says action_space.low [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0] but the client config says "
            + "[-1.0, -1.0, -1.0, -2.0, -2.0, -2.0]");
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("camera_keys", List.of("cam"))).resolve(client(), HINT))
        .hasMessageContaining("camera_keys [cam] but the client config says [img]");
  }

  @Test
  void whatNeitherSideGivesIsNamedWithWhereToSetIt() {
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of()).resolve(MetadataSpec.NONE, HINT))
        .hasMessageStartingWith("metadata lacks action_space; set action_space client side (" + HINT);
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("action_space", "ee_delta")).resolve(MetadataSpec.NONE, HINT))
        .hasMessage("metadata lacks the bounds of action_space ee_delta; set them client side (" + HINT
            + " action_space.low and action_space.high)");
    // joint positions default to the robot's limits; other fields to 224x224 images, 20 ms, no keys
    ServerMetadata m = MetadataSpec.fromWire(Map.of("action_space", "joint_position")).resolve(MetadataSpec.NONE, HINT);
    assertThat(m.low()).isNull();
    assertThat(m.imageHeight()).isEqualTo(ServerMetadata.DEFAULT_IMAGE_SIZE);
    assertThat(m.chunkIntervalS()).isEqualTo(ServerMetadata.DEFAULT_CHUNK_INTERVAL_S);
  }

  @Test
  void malformedServerFieldsAreNamed() {
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("chunk_interval_s", "fast")))
        .hasMessage("chunk_interval_s must be a number, got fast");
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("action_space", 3)))
        .hasMessageContaining("action_space must be a map {type, low, high} or a type name");
    assertThatThrownBy(() -> MetadataSpec.fromWire(Map.of("action_space", "cartesian")))
        .hasMessageContaining("action_space 'cartesian' is not one of ee_delta, ee_pose, joint_position");
  }
}
