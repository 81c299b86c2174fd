package org.stackarena.api.harness;


/**
 * A world with a shorter time limit than the one it wraps: an episode that would run to the
 * scenario's limit stops at {@code limitSeconds} with {@code timeout}. Everything else, closing
 * included, goes to the wrapped world.
 */
public final class CappedWorld extends ForwardingWorld {
  private final double limitSeconds;

  /** Wraps {@code w}, capping its time limit at {@code limitSeconds}. */
  public CappedWorld(World w, double limitSeconds) {
    super(w);
    this.limitSeconds = limitSeconds;
  }

  @Override
  public double timeLimit() {
    return Math.min(limitSeconds, delegate.timeLimit());
  }
}
