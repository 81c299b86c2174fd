package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionCommand;
import org.stackarena.api.Proprioception;
import org.stackarena.api.Rotations;
import org.stackarena.api.Stamped;

class EeDeltaIntegratorTest {

  /** Measured start: position (0.4, -0.1, 0.3), pointing down (a half turn about x). */
  private static final double[] START = {0.4, -0.1, 0.3};
  private static final double[] DOWN = {0, 1, 0, 0};

  private final EeDeltaIntegrator integrator = new EeDeltaIntegrator();
  private int measuredReads;
  private final Supplier<Proprioception> measured = () -> {
    measuredReads++;
    return new Proprioception(new double[3], new double[3], 0.08, START.clone(), DOWN.clone(), 0);
  };

  private static Action delta(double dx, double dy, double dz) {
    return new Action(new double[] {dx, dy, dz, 0, 0, 0}, 0);
  }

  private static Stamped<ActionCommand> at(ActionCommand c, long visibleMicros) {
    return new Stamped<>(c, visibleMicros, visibleMicros);
  }

  private static Stamped<ActionCommand> chunk(long visibleMicros, long intervalMicros, Action... steps) {
    return at(new ActionChunk(List.of(steps), intervalMicros / 1e6), visibleMicros);
  }

  /** Runs {@code command} from {@code fromMicros} to {@code toMicros} inclusive in 2 ms steps. */
  private Action run(Stamped<ActionCommand> command, long fromMicros, long toMicros) {
    Action out = null;
    for (long t = fromMicros; t <= toMicros; t += 2_000) {
      out = integrator.update(command, t, measured);
    }
    return out;
  }

  private static void assertPosition(Action pose, double dx, double dy, double dz) {
    assertThat(new double[] {pose.values()[0], pose.values()[1], pose.values()[2]})
        .containsExactly(new double[] {START[0] + dx, START[1] + dy, START[2] + dz}, within(1e-12));
  }

  @Test
  void theFirstStepStartsFromTheMeasuredPoseReadOnce() {
    Action pose = run(at(delta(0.01, 0.02, -0.03), 0), 0, 100_000);
    assertPosition(pose, 0.01, 0.02, -0.03);
    double[] rv = new double[3];
    Rotations.quaternionToRotationVector(DOWN, rv);
    assertThat(new double[] {pose.values()[3], pose.values()[4], pose.values()[5]})
        .containsExactly(rv, within(1e-12));
    assertThat(measuredReads).isEqualTo(1);
    assertThat(EeDeltaIntegrator.POSE_SPACE.violation(pose)).isEmpty();
  }

  @Test
  void aBareActionIsOneStepAndPublishingTheSameObjectAgainDoesNotReapplyIt() {
    Action a = delta(0.01, 0, 0);
    run(at(a, 0), 0, 20_000);
    Action pose = run(at(a, 20_000), 20_000, 40_000);
    assertPosition(pose, 0.01, 0, 0);
    pose = run(at(delta(0.01, 0, 0), 40_000), 40_000, 60_000);
    assertThat(pose.values()[0]).as("an equal but new object is a new step")
        .isCloseTo(START[0] + 0.02, within(1e-12));
  }

  @Test
  void aChunksStepsApplyOnceEachAndItsHeldLastStepIsNotReapplied() {
    Stamped<ActionCommand> c = chunk(0, 10_000, delta(0.001, 0, 0), delta(0.002, 0, 0),
        delta(0.004, 0, 0));
    assertPosition(run(c, 0, 8_000), 0.001, 0, 0);
    assertPosition(run(c, 10_000, 18_000), 0.003, 0, 0);
    assertPosition(run(c, 20_000, 1_000_000), 0.007, 0, 0);
  }

  @Test
  void stepsPassedWithinOnePhysicsStepAreAllApplied() {
    // 1 ms steps seen every 2 ms: none is lost
    Stamped<ActionCommand> c = chunk(0, 1_000, delta(0.001, 0, 0), delta(0.002, 0, 0),
        delta(0.004, 0, 0), delta(0.008, 0, 0));
    assertPosition(integrator.update(c, 0, measured), 0.001, 0, 0);
    assertPosition(integrator.update(c, 2_000, measured), 0.007, 0, 0);
    assertPosition(integrator.update(c, 4_000, measured), 0.015, 0, 0);
  }

  @Test
  void aNewerChunkArrivingSoonerThanTheIntervalReplacesTheStepInEffect() {
    run(chunk(0, 100_000, delta(0.01, 0, 0), delta(0.01, 0, 0)), 0, 8_000);
    Action pose = run(chunk(10_000, 100_000, delta(0, 0.02, 0), delta(0, 0.02, 0)), 10_000, 98_000);
    assertPosition(pose, 0, 0.02, 0);
  }

  @Test
  void aNewerChunkArrivingAfterTheIntervalIsANewStep() {
    run(chunk(0, 100_000, delta(0.01, 0, 0)), 0, 98_000);
    Action pose = run(chunk(100_000, 100_000, delta(0, 0.02, 0)), 100_000, 150_000);
    assertPosition(pose, 0.01, 0.02, 0);
  }

  @Test
  void replacingKeepsTheSlotStartSoAFastPollerStillAdvances() {
    // a 100 Hz poller republishing a 0.1 s chunk: nine replacements, then the next step
    for (long t = 0; t < 100_000; t += 10_000) {
      run(chunk(t, 100_000, delta(0.01, 0, 0), delta(0, 0.02, 0)), t, t + 8_000);
    }
    Action pose = run(chunk(100_000, 100_000, delta(0, 0.02, 0)), 100_000, 108_000);
    assertPosition(pose, 0.01, 0.02, 0);
  }

  @Test
  void aReplacingChunksLaterStepsFollowTheSlotsClock() {
    // slot 0 starts at t = 0; a chunk arriving at 60 ms replaces its step, and its second step
    // is due when the slot ends (100 ms), not 100 ms after the chunk arrived
    run(chunk(0, 100_000, delta(0.01, 0, 0)), 0, 58_000);
    Stamped<ActionCommand> late = chunk(60_000, 100_000, delta(0.01, 0, 0), delta(0, 0.02, 0));
    assertPosition(run(late, 60_000, 98_000), 0.01, 0, 0);
    assertPosition(run(late, 100_000, 100_000), 0.01, 0.02, 0);
  }

  @Test
  void aChunkAfterABareActionAndABareActionAfterAChunkAreNewSteps() {
    run(at(delta(0.01, 0, 0), 0), 0, 2_000);
    run(chunk(4_000, 100_000, delta(0, 0.01, 0)), 4_000, 6_000);
    Action pose = run(at(delta(0, 0, 0.01), 8_000), 8_000, 10_000);
    assertPosition(pose, 0.01, 0.01, 0.01);
  }

  @Test
  void rotationIncrementsApplyAboutTheBaseAxesOnTheCommandedRotation() {
    Action yaw = new Action(new double[] {0, 0, 0, 0, 0, 0.2}, 0);
    Action roll = new Action(new double[] {0, 0, 0, 0.3, 0, 0}, 0);
    run(at(yaw, 0), 0, 2_000);
    run(at(yaw, 4_000), 4_000, 6_000); // same object: no second turn
    Action pose = run(at(roll, 8_000), 8_000, 10_000);
    double[] expected = new double[4];
    double[] work = new double[4];
    Rotations.rpyToQuaternion(0, 0, 0.2, work);
    Rotations.multiplyQuaternions(work, DOWN, expected);
    Rotations.rpyToQuaternion(0.3, 0, 0, work);
    Rotations.multiplyQuaternions(work, expected, expected);
    double[] got = new double[4];
    Rotations.rotationVectorToQuaternion(new double[] {pose.values()[3], pose.values()[4],
        pose.values()[5]}, got);
    assertThat(Rotations.angleBetween(got, expected)).isLessThan(1e-12);
    assertThat(Rotations.angleBetween(integrator.commandedQuaternion(), expected)).isLessThan(1e-12);
    // about the base axes, not the end effector's: the body-frame composition differs
    double[] bodyFrame = new double[4];
    Rotations.rpyToQuaternion(0, 0, 0.2, work);
    Rotations.multiplyQuaternions(DOWN, work, bodyFrame);
    Rotations.rpyToQuaternion(0.3, 0, 0, work);
    Rotations.multiplyQuaternions(bodyFrame, work, bodyFrame);
    assertThat(Rotations.angleBetween(got, bodyFrame)).isGreaterThan(0.1);
  }

  @Test
  void thePoseObjectChangesOnlyWithAStepAndCarriesTheStepsGripper() {
    Stamped<ActionCommand> c = chunk(0, 10_000, new Action(new double[6], 0),
        new Action(new double[] {0.001, 0, 0, 0, 0, 0}, 1));
    Action first = integrator.update(c, 0, measured);
    assertThat(integrator.update(c, 8_000, measured)).isSameAs(first);
    Action second = integrator.update(c, 10_000, measured);
    assertThat(second).isNotSameAs(first);
    assertThat(first.gripper()).isZero();
    assertThat(second.gripper()).isEqualTo(1);
    assertThat(integrator.update(c, 500_000, measured)).isSameAs(second);
  }

  @Test
  void resetStartsAgainFromTheMeasuredPose() {
    run(at(delta(0.01, 0, 0), 0), 0, 2_000);
    integrator.reset();
    Action pose = run(at(delta(0, 0.01, 0), 0), 0, 2_000);
    assertPosition(pose, 0, 0.01, 0);
    assertThat(measuredReads).isEqualTo(2);
  }

  /**
   * A tick-anchored chunk counts its steps from the publishing tick: arriving 250 ms after it with
   * 100 ms steps, steps 0..2 have passed and are applied at once, in order, on arrival; step 3 follows
   * at tick + 300 ms.
   */
  @Test
  void aTickAnchoredChunkAppliesTheStepsPassedInFlightOnArrival() {
    ActionChunk c = new ActionChunk(List.of(delta(0.01, 0, 0), delta(0.02, 0, 0), delta(0.04, 0, 0),
        delta(0.08, 0, 0)), 0.1, ActionChunk.Anchor.TICK);
    Stamped<ActionCommand> s = new Stamped<>(c, 100_000, 350_000);
    assertPosition(run(s, 350_000, 350_000), 0.07, 0, 0);
    assertPosition(run(s, 352_000, 398_000), 0.07, 0, 0);
    assertPosition(run(s, 400_000, 400_000), 0.15, 0, 0);
  }
}
