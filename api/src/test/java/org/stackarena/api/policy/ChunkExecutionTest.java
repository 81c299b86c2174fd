package org.stackarena.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Rotations;

class ChunkExecutionTest {

  private static final ActionSpace SPACE = ActionSpace.jointPosition(new double[] {-1000}, new double[] {1000});

  @Test
  void parseAndToStringRoundTrip() {
    for (String s : List.of("replace", "ensemble:1.0s", "ensemble:0.5s")) {
      assertThat(ChunkExecution.parse(s).toString()).isEqualTo(s);
      assertThat(ChunkExecution.parse(ChunkExecution.parse(s).toString())).isEqualTo(ChunkExecution.parse(s));
    }
    assertThat(ChunkExecution.parse("ensemble:500ms")).isEqualTo(ChunkExecution.ensemble(0.5));
    assertThat(ChunkExecution.parse(" Replace ")).isSameAs(ChunkExecution.replace());
  }

  @Test
  void badFormsSayWhatIsWrongAndListTheValidForms() {
    assertThatThrownBy(() -> ChunkExecution.parse("average")).hasMessageContaining("unknown kind 'average'")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble")).hasMessageContaining("needs a window")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble:1")).hasMessageContaining("needs a unit");
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble:0s")).hasMessageContaining("positive");
    assertThatThrownBy(() -> ChunkExecution.parse("replace:1s")).hasMessageContaining("takes no value");
  }

  @Test
  void replaceReturnsTheFreshChunkItself() {
    ActionChunk c = new ActionChunk(List.of(new Action(new double[] {1}, 0)), 0.1);
    assertThat(ChunkExecution.replace().newExecutor(SPACE).next(0, c)).isSameAs(c);
  }

  @Test
  void ensembleInterpolatesOlderChunksBetweenTheirSteps() {
    ChunkExecution.Executor e = ChunkExecution.ensemble(1.0).newExecutor(SPACE);
    e.next(0, chunk(0, 10, 20));                       // step k at t = k * 100 ms
    ActionChunk out = e.next(50_000, chunk(100, 100, 100));
    // at t = 50 ms the first chunk is halfway between 0 and 10
    assertThat(out.steps().get(0).values()[0]).isEqualTo((5 + 100) / 2.0);
    // at t = 150 ms: 15 and 100
    assertThat(out.steps().get(1).values()[0]).isEqualTo((15 + 100) / 2.0);
    // at t = 250 ms the first chunk has run out (its last step is at 200 ms)
    assertThat(out.steps().get(2).values()[0]).isEqualTo(100);
  }

  /**
   * An EE_POSE orientation of 180 degrees about y is (0, pi, 0) or (0, -pi, 0): the same rotation. The
   * ensemble of two chunks holding these must still be that rotation, not the identity that averaging
   * the components would give; positions are averaged as numbers.
   */
  @Test
  void ensembleAveragesEePoseOrientationsAsRotations() {
    ActionSpace pose = ActionSpace.eePose(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
    ChunkExecution.Executor e = ChunkExecution.ensemble(1.0).newExecutor(pose);
    e.next(0, new ActionChunk(List.of(new Action(new double[] {0.2, 0, 0.4, 0, Math.PI, 0}, 0)), 0.1));
    ActionChunk out = e.next(0, new ActionChunk(List.of(new Action(new double[] {0.4, 0, 0.4, 0, -Math.PI, 0}, 0)), 0.1));
    double[] v = out.steps().get(0).values();
    assertThat(v[0]).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
    double[] q = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {v[3], v[4], v[5]}, q);
    double[] half = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {0, Math.PI, 0}, half);
    assertThat(Math.abs(q[0] * half[0] + q[1] * half[1] + q[2] * half[2] + q[3] * half[3])).isCloseTo(1.0,
        org.assertj.core.api.Assertions.within(1e-9));
    // two rotations 20 degrees apart about z average to the one halfway
    e = ChunkExecution.ensemble(1.0).newExecutor(pose);
    e.next(0, new ActionChunk(List.of(new Action(new double[] {0, 0, 0, 0, 0, Math.toRadians(10)}, 0)), 0.1));
    out = e.next(0, new ActionChunk(List.of(new Action(new double[] {0, 0, 0, 0, 0, Math.toRadians(30)}, 0)), 0.1));
    assertThat(out.steps().get(0).values()[5]).isCloseTo(Math.toRadians(20), org.assertj.core.api.Assertions.within(1e-9));
  }

  private static ActionChunk chunk(double... values) {
    return new ActionChunk(java.util.Arrays.stream(values).mapToObj(v -> new Action(new double[] {v}, 0)).toList(),
        0.1);
  }
}
