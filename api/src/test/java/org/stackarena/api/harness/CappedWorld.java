package org.stackarena.api.harness;

import java.util.List;
import java.util.Optional;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;

/**
 * A world with a shorter time limit than the one it wraps: an episode that would run to the
 * scenario's limit stops at {@code limitSeconds} with {@code timeout}. Everything else, closing
 * included, goes to the wrapped world.
 */
public final class CappedWorld implements World {
  private final World w;
  private final double limitSeconds;

  /** Wraps {@code w}, capping its time limit at {@code limitSeconds}. */
  public CappedWorld(World w, double limitSeconds) {
    this.w = w;
    this.limitSeconds = limitSeconds;
  }

  @Override
  public void reset(long seed) {
    w.reset(seed);
  }

  @Override
  public double dt() {
    return w.dt();
  }

  @Override
  public double time() {
    return w.time();
  }

  @Override
  public double timeLimit() {
    return Math.min(limitSeconds, w.timeLimit());
  }

  @Override
  public String instruction() {
    return w.instruction();
  }

  @Override
  public RobotDescription robot() {
    return w.robot();
  }

  @Override
  public List<String> cameras() {
    return w.cameras();
  }

  @Override
  public Proprioception proprioception() {
    return w.proprioception();
  }

  @Override
  public CameraFrame render(String camera) {
    return w.render(camera);
  }

  @Override
  public void apply(Action action, ActionSpace space) {
    w.apply(action, space);
  }

  @Override
  public Optional<String> step() {
    return w.step();
  }

  @Override
  public Verdict judge() {
    return w.judge();
  }

  @Override
  public double[] eePosition() {
    return w.eePosition();
  }

  @Override
  public long collisions() {
    return w.collisions();
  }

  @Override
  public Optional<GroundTruth> groundTruth() {
    return w.groundTruth();
  }

  @Override
  public void close() {
    w.close();
  }
}
