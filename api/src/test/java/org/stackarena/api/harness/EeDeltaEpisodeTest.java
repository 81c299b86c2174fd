package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.Rotations;

/** EE_DELTA through the real {@link EpisodeRunner} on the fake arm. */
class EeDeltaEpisodeTest {

  /** Twelve seeded deltas: up to 2 cm and 0.1 rad per step. */
  private static List<double[]> deltas() {
    Random r = new Random(12);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double[] d = new double[6];
      for (int k = 0; k < 6; k++) {
        d[k] = (r.nextDouble() - 0.5) * (k < 3 ? 0.04 : 0.2);
      }
      out.add(d);
    }
    return out;
  }

  private record End(Action commanded, double[] measured, double[] start) {
  }

  private static End replay(double pollHz) {
    // goal far away: the episode runs to its time limit
    FakeArmWorld world = FakeArmWorld.builder().optGoal(0.9, 0.9, 0.9).optTimeLimit(2.0).build();
    TestStacks.DeltaReplayStack stack = new TestStacks.DeltaReplayStack(deltas(), 0.1, pollHz);
    EpisodeRecord r = new EpisodeRunner().run(
        EpisodeSpec.of("reach", "fake-arm", 4, "lab", stack.name()), world, stack);
    assertThat(r.failureReason()).as("%s Hz", pollHz).isEqualTo("timeout");
    List<Action> applied = world.applied();
    return new End(applied.get(applied.size() - 1), world.eePosition(), world.eePositionAtReset());
  }

  @Test
  void aStackReplayingTheSameDeltasEndsAtTheSamePoseAt10And50And100HzPolls() {
    End at10 = replay(10);
    End at50 = replay(50);
    End at100 = replay(100);
    for (End e : List.of(at50, at100)) {
      assertThat(e.commanded().values()).containsExactly(at10.commanded().values(), within(1e-12));
      assertThat(e.measured()).containsExactly(at10.measured(), within(1e-9));
    }
    // and that pose is the start plus every delta once
    double[] position = at10.start().clone();
    double[] orientation = {1, 0, 0, 0}; // the fake arm reports the identity orientation
    for (double[] d : deltas()) {
      EeDeltaIntegrator.applyDelta(position, orientation, d, position, orientation);
    }
    double[] v = at10.commanded().values();
    assertThat(new double[] {v[0], v[1], v[2]}).containsExactly(position, within(1e-12));
    double[] commandedRotation = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {v[3], v[4], v[5]}, commandedRotation);
    assertThat(Rotations.angleBetween(commandedRotation, orientation)).isLessThan(1e-9);
    assertThat(at10.measured()).containsExactly(position, within(1e-3));
  }

  @Test
  void pollingFasterThanTheChunkIntervalMovesOnOneStepPerIntervalAndNeverAccumulates() {
    List<double[]> deltas = deltas();
    // 15 and 7 Hz polls do not divide the 0.1 s interval: replacing chunks keep the slot's clock
    for (double hz : new double[] {7, 15, 50, 100}) {
      FakeArmWorld world = FakeArmWorld.builder().optGoal(0.9, 0.9, 0.9).optTimeLimit(1.5).build();
      new EpisodeRunner().run(EpisodeSpec.of("reach", "fake-arm", 4, "lab", "delta-replay"), world,
          new TestStacks.DeltaReplayStack(deltas, 0.1, hz));
      for (int i = 0; i < world.applied().size(); i++) {
        long t = world.appliedTime(i);
        int stepsStarted = (int) Math.min(deltas.size(), t / 100_000 + 1);
        double[] expected = world.eePositionAtReset();
        for (int k = 0; k < stepsStarted; k++) {
          for (int j = 0; j < 3; j++) {
            expected[j] += deltas.get(k)[j];
          }
        }
        double[] v = world.applied().get(i).values();
        assertThat(new double[] {v[0], v[1], v[2]}).as("%s Hz, t=%d us", hz, t)
            .containsExactly(expected, within(1e-12));
      }
    }
  }
}
