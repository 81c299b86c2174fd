package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.Observations;
import org.stackarena.api.StackProvider;

class RemotePolicyConfigTest {

  @Test
  void propertiesOverrideDefaultsAndAnObsEntryReplacesTheMapping() {
    Properties p = new Properties();
    p.setProperty("url", "ws://10.0.0.2:9000");
    p.setProperty("timeout_ms", "250");
    p.setProperty("rate_hz", "5");
    p.setProperty("latency", "fixed:40ms");
    p.setProperty("obs.images/cam_high", "rgb:front");
    p.setProperty("obs.qpos", "joint_positions");
    RemotePolicyConfig c = RemotePolicyConfig.fromProperties(p, RemotePolicyConfig.of("ws://x:1"));
    assertThat(c.url().toString()).isEqualTo("ws://10.0.0.2:9000");
    assertThat(c.timeoutMs()).isEqualTo(250);
    assertThat(c.latency()).isEqualTo(LatencyModel.fixed(40));
    assertThat(c.observationKeys()).containsOnlyKeys("images/cam_high", "qpos");
    var stack = RemotePolicyStack.create(c);
    assertThat(stack.loops().get(0).reads())
        .containsExactlyInAnyOrder(Observations.PROPRIOCEPTION, Observations.rgbd("front"));
    assertThat(stack.loops().get(0).rateHz()).isEqualTo(5.0);
  }

  @Test
  void badValuesAreNamed() {
    Properties p = new Properties();
    p.setProperty("obs.observation/image", "rgb");
    assertThatThrownBy(() -> RemotePolicyConfig.fromProperties(p, RemotePolicyConfig.of("ws://x:1")))
        .hasMessageContaining("observation 'observation/image' has unknown source 'rgb'");
    Properties q = new Properties();
    q.setProperty("timeoutms", "3");
    assertThatThrownBy(() -> RemotePolicyConfig.fromProperties(q, RemotePolicyConfig.of("ws://x:1")))
        .hasMessageContaining("bad timeoutms='3'").hasMessageContaining("unknown key");
    assertThatThrownBy(() -> RemotePolicyConfig.of("http://x:1"))
        .hasMessageContaining("must start with ws://");
  }

  @Test
  void theProviderIsFoundByName() {
    assertThat(StackProvider.named("remote")).isInstanceOf(RemoteStackProvider.class);
  }

  @Test
  void theInterfaceKeysDeclareWhatTheServerMayLack() {
    Properties p = new Properties();
    p.setProperty("action_space", "ee_delta");
    p.setProperty("action_space.low", "-0.05,-0.05,-0.05,-1,-1,-1");
    p.setProperty("action_space.high", "0.05, 0.05, 0.05, 1, 1, 1");
    p.setProperty("chunk_interval_s", "0.05");
    p.setProperty("image_size", "224,224");
    p.setProperty("camera_keys", "observation/image,observation/wrist_image");
    p.setProperty("state_keys", "observation/state");
    p.setProperty("action_mapping.scale", "0.05,0.05,0.05,0.5,0.5,0.5");
    p.setProperty("action_mapping.rotation", "rotvec");
    p.setProperty("action_mapping.gripper", "-1,1");
    p.setProperty("action_mapping.clip", "-1,1");
    p.setProperty("obs.observation/state", "ee_position+ee_rotvec+gripper_fingers");
    RemotePolicyConfig c = RemotePolicyConfig.fromProperties(p, RemotePolicyConfig.of("ws://x:1"));
    assertThat(c.actionMapping()).isEqualTo(ActionMapping.libero());
    assertThat(c.declared().high()).containsExactly(0.05, 0.05, 0.05, 1, 1, 1);
    assertThat(c.declared().cameraKeys()).containsExactly("observation/image", "observation/wrist_image");
    assertThat(c.needsProprioception()).isTrue();
    ServerMetadata m = MetadataSpec.fromWire(java.util.Map.of()).resolve(c.declared(), MetadataSpec.CLIENT_HINT);
    assertThat(m.imageWidth()).isEqualTo(224);
  }

  @Test
  void badInterfaceValuesNameTheKey() {
    Properties p = new Properties();
    p.setProperty("action_space.low", "-1,-1,-1,-1,-1,-1");
    assertThatThrownBy(() -> RemotePolicyConfig.fromProperties(p, RemotePolicyConfig.of("ws://x:1")))
        .hasMessage("remote policy config: bad action_space.low='-1,-1,-1,-1,-1,-1': bounds need action_space "
            + "(the type) too");
    Properties q = new Properties();
    q.setProperty("image_size", "224,x");
    assertThatThrownBy(() -> RemotePolicyConfig.fromProperties(q, RemotePolicyConfig.of("ws://x:1")))
        .hasMessage("remote policy config: bad image_size='224,x': 'x' is not a number");
  }
}
