package org.stackarena.api;

import java.util.List;
import java.util.Random;

/**
 * Reference stack that emits small uniformly random end-effector deltas, seeded from the
 * episode seed, so the same episode always gets the same "random" actions.
 *
 * <p>Action space: {@link ActionSpace#eeDelta} with 5 mm and 0.02 rad bounds; each value is
 * drawn uniformly in half those bounds; the gripper command is uniform in [0, 1]. Each tick's
 * action is one EE_DELTA step on the previously commanded pose, so the commanded pose is a
 * random walk: about 3 cm per axis and 0.13 rad per rotation axis (one standard deviation) after
 * 10 s at 50 Hz, whatever the arm's tracking lag.
 */
public final class RandomStack implements ControlStack {

  /** Per-step linear bound in metres. */
  public static final double MAX_LINEAR = 0.005;
  /** Per-step angular bound in radians. */
  public static final double MAX_ANGULAR = 0.02;

  private final LoopSpec loop;
  private final ActionSpace space = ActionSpace.eeDelta(MAX_LINEAR, MAX_ANGULAR);
  private Random random;

  /** A random stack at 50 Hz. */
  public RandomStack() {
    this(50.0);
  }

  /** A random stack at {@code rateHz}. */
  public RandomStack(double rateHz) {
    this.loop = LoopSpec.builder("random", rateHz).writes(Commands.ACTION).optRole(LoopRole.CONTROL).build();
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public List<LoopSpec> loops() {
    return List.of(loop);
  }

  @Override
  public void reset(EpisodeContext context) {
    random = new Random(context.seed() * 0x9E3779B97F4A7C15L + 0x52414E44L);
  }

  @Override
  public ActionSpace actionSpace() {
    return space;
  }

  @Override
  public void tick(String loopName, TickContext context) {
    if (random == null) {
      throw new IllegalStateException("random: tick() before reset()");
    }
    double[] v = new double[6];
    for (int i = 0; i < 6; i++) {
      v[i] = (random.nextDouble() - 0.5) * space.high(i);
    }
    context.channels().publish(Commands.ACTION, new Action(v, random.nextDouble()));
  }

  @Override
  public void close() {
    random = null;
  }
}
