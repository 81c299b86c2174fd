package org.stackarena.api.harness;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;

/**
 * A {@link World} that forwards every call to another world: extend it and override only what a
 * decorator changes (a recorder, a time-limit cap, a test probe), so nothing — the ground-truth view
 * of a privileged stack included — is lost by a decorator that forgot a method.
 */
public abstract class ForwardingWorld implements World {

  /** The world calls go to. */
  protected final World delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingWorld(World delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void reset(long seed) {
    delegate.reset(seed);
  }

  @Override
  public double dt() {
    return delegate.dt();
  }

  @Override
  public double time() {
    return delegate.time();
  }

  @Override
  public double timeLimit() {
    return delegate.timeLimit();
  }

  @Override
  public String instruction() {
    return delegate.instruction();
  }

  @Override
  public RobotDescription robot() {
    return delegate.robot();
  }

  @Override
  public List<String> cameras() {
    return delegate.cameras();
  }

  @Override
  public Proprioception proprioception() {
    return delegate.proprioception();
  }

  @Override
  public CameraFrame render(String camera) {
    return delegate.render(camera);
  }

  @Override
  public void apply(Action action, ActionSpace space) {
    delegate.apply(action, space);
  }

  @Override
  public Optional<String> step() {
    return delegate.step();
  }

  @Override
  public Verdict judge() {
    return delegate.judge();
  }

  @Override
  public double[] eePosition() {
    return delegate.eePosition();
  }

  @Override
  public long collisions() {
    return delegate.collisions();
  }

  @Override
  public Optional<GroundTruth> groundTruth() {
    return delegate.groundTruth();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
