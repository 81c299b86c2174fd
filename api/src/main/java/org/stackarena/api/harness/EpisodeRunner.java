package org.stackarena.api.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionCommand;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.Stamped;

/**
 * Runs one episode of a stack on a world, in sim time, to success, failure or timeout.
 *
 * <p>Per physics step at time t (integer microseconds, {@code n * dt}):
 * <ol>
 *   <li>ask the world for its {@link Verdict}; stop on success or failure; stop with
 *       {@code timeout} once t reaches the time limit;</li>
 *   <li>advance the channels to t (values whose visibility time has come appear);</li>
 *   <li>tick every loop due at t ({@link Scheduler}); sensors a ticking loop reads are sampled
 *       at t just before it ticks (cameras are rendered only then);</li>
 *   <li>take the newest visible command on {@link Commands#ACTION}; validate it when it first
 *       becomes visible (a whole chunk at once); resolve a chunk to its step
 *       {@code floor((t - start) / interval)}, holding the last step (start: the visibility time,
 *       or the publishing tick's time for an {@link ActionChunk.Anchor#TICK} chunk); apply it (an
 *       {@link ActionSpace.Type#EE_DELTA} stack's steps are first integrated into an absolute
 *       {@link ActionSpace.Type#EE_POSE} command by an {@link EeDeltaIntegrator}, so worlds
 *       never see deltas);</li>
 *   <li>step physics; a physics warning fails the episode with {@code instability}.</li>
 * </ol>
 * A stack that throws fails the episode with {@code stack_exception: <message>}; an invalid
 * action with {@code invalid_action: <detail>}. Exceptions from the world are harness errors and
 * propagate. The runner does not close the world or the stack.
 */
public final class EpisodeRunner {

  private final RunnerOptions options;

  /** A runner with the given options. */
  public EpisodeRunner(RunnerOptions options) {
    this.options = options;
  }

  /** A runner with default options. */
  public EpisodeRunner() {
    this(RunnerOptions.defaults());
  }

  /**
   * Runs {@code spec} on {@code world} with {@code stack}.
   *
   * <p>The stack's loops are timed by {@link EpisodeSpec#timing()}: the scheduler ticks each at the rate
   * and with the latency model the timing gives it, and {@link org.stackarena.api.TickContext#loop()} shows
   * that effective spec to the stack.
   *
   * @throws IllegalArgumentException if the world's dt is not a whole number of microseconds
   */
  public EpisodeRecord run(EpisodeSpec spec, World world, ControlStack stack) {
    return run(spec, world, stack, EpisodeListener.NONE);
  }

  /**
   * Runs {@code spec} on {@code world} with {@code stack}, telling {@code listener} what happens
   * (ticks, misses, steps); the episode and its record are the same as without a listener.
   *
   * @throws IllegalArgumentException as {@link #run(EpisodeSpec, World, ControlStack)}
   */
  public EpisodeRecord run(EpisodeSpec spec, World world, ControlStack stack,
      EpisodeListener listener) {
    long wall0 = System.nanoTime();
    world.reset(spec.seed());
    long dtMicros = toWholeMicros(world.dt());
    long limitMicros = Math.round(world.timeLimit() * 1e6);
    RobotDescription robot = world.robot();
    String instruction = world.instruction();

    Blackboard board = new Blackboard();
    board.post(Observations.INSTRUCTION, instruction, 0, 0);

    String failure = null;
    Scheduler scheduler = null;
    ActionSpace space = null;
    java.util.List<LoopSpec> loops = null;
    try {
      loops = stack.loops();
    } catch (RuntimeException e) {
      failure = new StackException("loops", 0, e).failureReason();
    }
    if (failure == null) {
      try {
        loops = spec.timing().apply(loops);
        scheduler = new Scheduler(loops, dtMicros, spec.seed());
        scheduler.listen(listener);
        failure = checkCameras(loops, world);
      } catch (IllegalArgumentException e) {
        failure = "stack_exception: " + e.getMessage() + " (invalid loop declaration)";
      }
    }
    if (failure == null) {
      try {
        stack.reset(new EpisodeContext(spec.scenario(), spec.condition(), spec.seed(), instruction,
            robot, world.dt(), world.timeLimit()));
        space = stack.actionSpace();
        failure = checkSpace(space, robot);
      } catch (Exception | LinkageError | AssertionError e) {
        failure = new StackException("reset", 0, e).failureReason();
      }
    }

    listener.started(loops == null ? java.util.List.of() : loops);
    EeMetrics metrics = new EeMetrics(world.dt());
    metrics.add(world.eePosition());
    Sensors sensors = new Sensors(world, board);
    boolean success = false;
    Double timeToSuccess = null;
    long overruns = 0;
    Stamped<ActionCommand> current = null;
    EeDeltaIntegrator integrator =
        space != null && space.type() == ActionSpace.Type.EE_DELTA ? new EeDeltaIntegrator() : null;
    Supplier<Proprioception> measured = world::proprioception;
    Action applied = null;
    Action inEffect = null;
    long n = 0;
    long paceStart = System.nanoTime();
    while (failure == null) {
      long t = n * dtMicros;
      Verdict verdict = world.judge();
      if (verdict.status() == Verdict.Status.SUCCESS) {
        success = true;
        timeToSuccess = t / 1e6;
        break;
      }
      if (verdict.status() == Verdict.Status.FAILURE) {
        failure = verdict.reason();
        break;
      }
      if (t >= limitMicros) {
        failure = "timeout";
        break;
      }
      board.advanceTo(t);
      try {
        scheduler.runDue(t, stack, board, sensors);
      } catch (StackException e) {
        failure = e.failureReason();
        break;
      }
      Optional<Stamped<ActionCommand>> latest = board.stamped(Commands.ACTION);
      if (latest.isPresent() && latest.get() != current) {
        current = latest.get();
        Optional<String> bad = validate(current, space);
        if (bad.isPresent()) {
          failure = "invalid_action: " + bad.get();
          break;
        }
      }
      if (current != null) {
        if (integrator == null) {
          inEffect = resolve(current, t);
          world.apply(inEffect, space);
        } else {
          Action pose = integrator.update(current, t, measured);
          if (pose != applied) {
            applied = pose;
            Optional<String> bad = EeDeltaIntegrator.POSE_SPACE.violation(pose);
            if (bad.isPresent()) {
              failure = "invalid_action: EE_DELTA steps integrated to a bad pose: " + bad.get();
              break;
            }
          }
          world.apply(pose, EeDeltaIntegrator.POSE_SPACE);
          inEffect = pose;
        }
      }
      Optional<String> warning = world.step();
      n++;
      listener.stepped(n * dtMicros, inEffect);
      metrics.add(world.eePosition());
      if (warning.isPresent()) {
        failure = "instability: " + warning.get();
        break;
      }
      if (options.realtime()) {
        overruns += pace(paceStart, n * dtMicros, dtMicros);
      }
    }

    long simMicros = n * dtMicros;
    double wallS = (System.nanoTime() - wall0) / 1e9;
    Map<String, LoopRecord> loopRecords =
        scheduler == null ? Map.of() : scheduler.records(simMicros);
    EpisodeRecord record = new EpisodeRecord(spec.scenario(), spec.seed(), stack.name(),
        spec.condition(), spec.variant(), spec.robot(), success, timeToSuccess,
        success ? null : failure, simMicros / 1e6, wallS,
        wallS > 0 ? (simMicros / 1e6) / wallS : 0.0, overruns, world.collisions(),
        metrics.pathLength(), metrics.rmsJerk(), loopRecords, chunking(stack));
    listener.ended(record);
    return record;
  }

  /** The stack's chunk-execution strategy, null if it has none (or cannot say). */
  private static String chunking(ControlStack stack) {
    try {
      return stack.chunking().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The action in effect at {@code t} for a visible command: a chunk's step counted from its start,
   * the visibility time or, for an {@link ActionChunk.Anchor#TICK} chunk, the publishing tick's time.
   */
  static Action resolve(Stamped<ActionCommand> command, long t) {
    ActionCommand c = command.value();
    if (c instanceof ActionChunk chunk) {
      return chunk.stepAt(t - chunk.startMicros(command.publishedMicros(), command.visibleMicros()));
    }
    return (Action) c;
  }

  private static Optional<String> validate(Stamped<ActionCommand> s, ActionSpace space) {
    String when = " (published at t=" + s.publishedSeconds() + " s)";
    if (s.value() instanceof ActionChunk chunk) {
      for (int i = 0; i < chunk.steps().size(); i++) {
        Optional<String> v = space.violation(chunk.steps().get(i));
        if (v.isPresent()) {
          return Optional.of("chunk step " + i + ": " + v.get() + when);
        }
      }
      return Optional.empty();
    }
    return space.violation((Action) s.value()).map(v -> v + when);
  }

  private static String checkCameras(java.util.List<LoopSpec> loops, World world) {
    for (LoopSpec l : loops) {
      for (ChannelKey<?> k : l.reads()) {
        Optional<String> cam = Observations.cameraOf(k);
        if (cam.isPresent() && !world.cameras().contains(cam.get())) {
          return "stack_exception: loop '" + l.name() + "' reads camera '" + cam.get()
              + "' but the world has cameras " + world.cameras();
        }
      }
    }
    return null;
  }

  private static String checkSpace(ActionSpace space, RobotDescription robot) {
    if (space == null) {
      return "stack_exception: actionSpace() returned null after reset";
    }
    boolean cartesian = space.type() == ActionSpace.Type.EE_DELTA
        || space.type() == ActionSpace.Type.EE_POSE;
    if (!cartesian && space.dimension() != robot.jointCount()) {
      return "invalid_action: action space " + space.type() + " has " + space.dimension()
          + " dimensions but robot '" + robot.name() + "' has " + robot.jointCount() + " joints";
    }
    return null;
  }

  private static long toWholeMicros(double dt) {
    long us = Math.round(dt * 1e6);
    if (us <= 0 || Math.abs(us - dt * 1e6) > 1e-6) {
      throw new IllegalArgumentException("world dt " + dt
          + " s is not a positive whole number of microseconds");
    }
    return us;
  }

  /** Sleeps until wall time catches up with sim time; returns 1 if the wall clock lags by > dt. */
  private static int pace(long paceStart, long simMicros, long dtMicros) {
    long target = paceStart + simMicros * 1000L;
    long ahead = target - System.nanoTime();
    if (ahead > 200_000L) {
      LockSupport.parkNanos(ahead);
      return 0;
    }
    return -ahead > dtMicros * 1000L ? 1 : 0;
  }

  /** Samples world sensors into the board, at most once per channel per step. */
  private static final class Sensors implements Scheduler.SensorSource {
    private final World world;
    private final Blackboard board;
    private final Map<ChannelKey<?>, Long> sampledAt = new HashMap<>();

    Sensors(World world, Blackboard board) {
      this.world = world;
      this.board = board;
    }

    @Override
    public void sample(ChannelKey<?> key, long t) {
      Long last = sampledAt.get(key);
      if (last != null && last == t) {
        return;
      }
      if (key.equals(Observations.PROPRIOCEPTION)) {
        board.post(Observations.PROPRIOCEPTION, world.proprioception(), t, t);
        sampledAt.put(key, t);
        return;
      }
      Optional<String> camera = Observations.cameraOf(key);
      if (camera.isPresent()) {
        board.post(Observations.rgbd(camera.get()), world.render(camera.get()), t, t);
        sampledAt.put(key, t);
      }
    }
  }
}
