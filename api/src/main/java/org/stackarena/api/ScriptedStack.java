package org.stackarena.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reference stack that replays a fixed timed script of actions and action chunks.
 *
 * <p>One loop ticks at the given rate; at each tick it publishes the newest script entry whose
 * time has come, once per entry. Useful for testing the harness (timing, chunk execution, invalid
 * actions) and as an open-loop baseline. With an {@link ActionSpace.Type#EE_DELTA} space each
 * scripted {@link Action} is one step (applied once, on the previously commanded pose) and each
 * chunk one step per interval, its last step held without being applied again; a newer entry
 * cuts short a chunk that has not run out (the full rule:
 * {@link org.stackarena.api.harness.EeDeltaIntegrator}).
 *
 * <pre>{@code
 * ScriptedStack s = ScriptedStack.builder("scripted", ActionSpace.eeDelta(0.01, 0.05))
 *     .at(0.0, new Action(new double[6], 0))
 *     .at(0.5, new ActionChunk(steps, 0.02))
 *     .build();
 * }</pre>
 */
public final class ScriptedStack implements ControlStack {

  /**
   * One scripted command.
   *
   * @param timeSeconds sim time from which it is due
   * @param command the action or chunk
   */
  public record Entry(double timeSeconds, ActionCommand command) {
    /** Validates time and command. */
    public Entry {
      Objects.requireNonNull(command, "command");
      if (!(timeSeconds >= 0) || !Double.isFinite(timeSeconds)) {
        throw new IllegalArgumentException("script time must be finite and >= 0, got " + timeSeconds);
      }
    }
  }

  private final String name;
  private final ActionSpace space;
  private final LoopSpec loop;
  private final List<Entry> script;
  private int next;

  private ScriptedStack(Builder b) {
    this.name = b.name;
    this.space = b.space;
    this.loop = LoopSpec.builder("script", b.rateHz).writes(Commands.ACTION)
        .optLatency(b.latency).optRole(LoopRole.CONTROL).build();
    List<Entry> sorted = new ArrayList<>(b.entries);
    sorted.sort(Comparator.comparingDouble(Entry::timeSeconds)); // stable: ties keep order
    this.script = List.copyOf(sorted);
  }

  /** Starts a script for a stack called {@code name} with action space {@code space}. */
  public static Builder builder(String name, ActionSpace space) {
    return new Builder(name, space);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<LoopSpec> loops() {
    return List.of(loop);
  }

  /** The script, sorted by time. */
  public List<Entry> script() {
    return script;
  }

  @Override
  public void reset(EpisodeContext context) {
    next = 0;
  }

  @Override
  public ActionSpace actionSpace() {
    return space;
  }

  @Override
  public void tick(String loopName, TickContext context) {
    double t = context.time();
    Entry due = null;
    while (next < script.size() && script.get(next).timeSeconds() <= t + 1e-9) {
      due = script.get(next++);
    }
    if (due != null) {
      context.channels().publish(Commands.ACTION, due.command());
    }
  }

  @Override
  public void close() {
    next = script.size();
  }

  /** Builder for {@link ScriptedStack}. */
  public static final class Builder {
    private final String name;
    private final ActionSpace space;
    private final List<Entry> entries = new ArrayList<>();
    private double rateHz = 100.0;
    private org.stackarena.api.LatencyModel latency =
        org.stackarena.api.LatencyModel.none();

    private Builder(String name, ActionSpace space) {
      this.name = Objects.requireNonNull(name, "name");
      this.space = Objects.requireNonNull(space, "space");
    }

    /** Adds a command due from {@code timeSeconds}. */
    public Builder at(double timeSeconds, ActionCommand command) {
      entries.add(new Entry(timeSeconds, command));
      return this;
    }

    /** Sets the loop rate (default 100 Hz). */
    public Builder optRate(double hz) {
      this.rateHz = hz;
      return this;
    }

    /** Sets the loop's default latency model (default none). */
    public Builder optLatency(org.stackarena.api.LatencyModel model) {
      this.latency = Objects.requireNonNull(model, "latency");
      return this;
    }

    /** Builds the stack. */
    public ScriptedStack build() {
      if (entries.isEmpty()) {
        throw new IllegalStateException("script for '" + name + "' is empty; add entries with at()");
      }
      return new ScriptedStack(this);
    }
  }
}
