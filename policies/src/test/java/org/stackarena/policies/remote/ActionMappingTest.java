package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.Rotations;

class ActionMappingTest {

  @Test
  void theIdentityPassesValuesAndGripperThrough() {
    Action a = ActionMapping.IDENTITY.apply(new double[] {9, 0.01, -0.02, 0.03, 0.1, 0.2, 0.3, 0.7}, 1, 7, true);
    assertThat(a.values()).containsExactly(0.01, -0.02, 0.03, 0.1, 0.2, 0.3);
    assertThat(a.gripper()).isEqualTo(0.7);
    assertThat(ActionMapping.IDENTITY.isIdentity()).isTrue();
  }

  @Test
  void liberoRowsAreClippedScaledAndTheGripperMapsFromMinusOneOpenToOneClosed() {
    ActionMapping m = ActionMapping.libero();
    Action a = m.apply(new double[] {0.5, -2, 1, 0, 0, 0, -1}, 0, 7, true);
    assertThat(a.values()).containsExactly(0.025, -0.05, 0.05, 0, 0, 0);
    assertThat(a.gripper()).isEqualTo(0.0);
    assertThat(m.apply(new double[] {0, 0, 0, 0, 0, 0, 1}, 0, 7, true).gripper()).isEqualTo(1.0);
    assertThat(m.apply(new double[] {0, 0, 0, 0, 0, 0, 0}, 0, 7, true).gripper()).isEqualTo(0.5);
  }

  @Test
  void aRotationVectorBecomesRollPitchYawOfTheSameRotation() {
    Random rnd = new Random(17);
    for (int k = 0; k < 200; k++) {
      double[] rv = {rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5};
      double[] v = {0, 0, 0, rv[0], rv[1], rv[2]};
      ActionMapping.rotvecToRpy(v);
      double[] fromRpy = new double[9];
      Rotations.rpyToMatrix(v[3], v[4], v[5], fromRpy);
      double[] fromRv = new double[9];
      Rotations.rotationVectorToMatrix(rv, fromRv);
      for (int i = 0; i < 9; i++) {
        assertThat(fromRpy[i]).isCloseTo(fromRv[i], within(1e-12));
      }
      // the shipped LIBERO bounds (1 rad per angle) hold every rotation LIBERO's [-1, 1] x 0.5 rad can send
      assertThat(Math.max(Math.abs(v[3]), Math.max(Math.abs(v[4]), Math.abs(v[5])))).isLessThan(1.0);
    }
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> new ActionMapping(null, null, 1, 1, null, null)).hasMessageContaining("gripper");
    assertThatThrownBy(() -> new ActionMapping(null, null, 0, 1, 1.0, -1.0)).hasMessageContaining("low < high");
    assertThatThrownBy(() -> new ActionMapping(new double[] {0}, null, 0, 1, null, null)).hasMessageContaining("non-zero");
    assertThatThrownBy(() -> ActionMapping.libero().check(7, false)).hasMessageContaining("scale has 6 values but "
        + "the action space has 7");
    assertThatThrownBy(() -> new ActionMapping(null, ActionMapping.Rotation.ROTVEC, 0, 1, null, null).check(7, false))
        .hasMessageContaining("rotvec applies to ee_delta actions only");
    assertThatThrownBy(() -> ActionMapping.Rotation.parse("euler")).hasMessage("unknown rotation 'euler' (rpy or rotvec)");
  }
}
