package org.stackarena.api;

/**
 * What a loop does in its stack, so that one setting can time the same kind of loop the same way in
 * every stack (a deployment profile assigns a latency model and rate per role; the loop's name is the
 * stack's own business). Every built-in stack declares a role for each loop
 * ({@link LoopSpec.Builder#optRole}); {@link #OTHER} is the default for stacks that do not.
 */
public enum LoopRole {
  /** Sensing to a scene estimate (classical perception at camera rate). */
  PERCEPTION,
  /** Task and motion planning (1–10 Hz in deployed classical stacks). */
  PLANNING,
  /** Joint or Cartesian control (500–1000 Hz on real arms). */
  CONTROL,
  /** A learned policy's slow reasoning loop: image + instruction to a goal or latent. */
  SYSTEM2,
  /** A learned policy's fast action loop: latent + proprioception to action chunks. */
  SYSTEM1,
  /** A world model imagining the outcome of candidate actions. */
  IMAGINATION,
  /** A policy served by another process, queried over the network. */
  REMOTE,
  /** Anything else (instrumentation, reference stacks, loops that declare nothing). */
  OTHER;

  private final String key = name().toLowerCase(java.util.Locale.ROOT);

  /** The role's name as profiles and override keys write it: {@code system2}, {@code control}, ... */
  public String key() {
    return key;
  }

  /** The role whose {@link #key()} is {@code text}, or null. */
  public static LoopRole fromKey(String text) {
    for (LoopRole r : values()) {
      if (r.key.equals(text)) {
        return r;
      }
    }
    return null;
  }
}
