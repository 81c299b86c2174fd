package org.stackarena.api.harness;

import org.stackarena.api.LatencyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Proprioception;
import org.stackarena.api.ScriptedStack;
import org.stackarena.api.TickContext;

/** Small stacks used by the harness tests. */
public final class TestStacks {

  private TestStacks() {
  }

  /** Joint-position space of {@link FakeArmWorld}. */
  public static ActionSpace fakeArmJoints() {
    return ActionSpace.jointPosition(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
  }

  /** Commands the fake arm's goal from t = 0: succeeds. */
  public static ScriptedStack reach(double[] goal) {
    return ScriptedStack.builder("reach", fakeArmJoints()).at(0.0, new Action(goal, 0)).build();
  }

  /** Publishes {@code bad} from t = 0.1 s after a valid hold command. */
  public static ScriptedStack publishing(String name, Action bad) {
    return ScriptedStack.builder(name, fakeArmJoints())
        .at(0.0, new Action(new double[] {0, 0, 0}, 0))
        .at(0.1, bad)
        .build();
  }

  /**
   * A stack with arbitrary loops whose ticks call {@code body}; with an EE_DELTA space.
   */
  public static final class ProbeStack implements ControlStack {
    private final List<LoopSpec> loops;
    private final BiConsumer<String, TickContext> body;
    private final ActionSpace space = ActionSpace.eeDelta(0.01, 0.05);

    /** A probe with the given loops and tick body. */
    public ProbeStack(List<LoopSpec> loops, BiConsumer<String, TickContext> body) {
      this.loops = List.copyOf(loops);
      this.body = body;
    }

    @Override
    public String name() {
      return "probe";
    }

    @Override
    public List<LoopSpec> loops() {
      return loops;
    }

    @Override
    public void reset(EpisodeContext context) {
    }

    @Override
    public ActionSpace actionSpace() {
      return space;
    }

    @Override
    public void tick(String loop, TickContext context) {
      body.accept(loop, context);
    }

    @Override
    public void close() {
    }
  }

  /** Throws {@code IllegalStateException("boom")} on its first tick at or after {@code at} s. */
  public static final class ThrowingStack implements ControlStack {
    private final double at;
    private final LoopSpec loop = LoopSpec.builder("control", 100).writes(Commands.ACTION).build();

    /** Throws from {@code at} seconds. */
    public ThrowingStack(double at) {
      this.at = at;
    }

    @Override
    public String name() {
      return "throwing";
    }

    @Override
    public List<LoopSpec> loops() {
      return List.of(loop);
    }

    @Override
    public void reset(EpisodeContext context) {
    }

    @Override
    public ActionSpace actionSpace() {
      return fakeArmJoints();
    }

    @Override
    public void tick(String name, TickContext context) {
      if (context.time() >= at) {
        throw new IllegalStateException("boom");
      }
      context.channels().publish(Commands.ACTION, new Action(new double[3], 0));
    }

    @Override
    public void close() {
    }
  }

  /**
   * A dual-system stack like a VLA: a slow loop reads the front camera and instruction and
   * publishes a "latent" goal estimate; a fast loop reads latent and proprioception and publishes
   * an action chunk of joint targets moving toward it. Reports phase timings.
   */
  public static final class DualStack implements ControlStack {
    /** The latent channel. */
    public static final ChannelKey<double[]> LATENT = ChannelKey.of("latent", double[].class);

    private final List<LoopSpec> loops;
    private double[] goal;

    /** Slow loop at {@code slowHz} with {@code slowLatency}; fast loop at {@code fastHz}. */
    public DualStack(double slowHz, LatencyModel slowLatency, double fastHz,
        LatencyModel fastLatency) {
      loops = List.of(
          LoopSpec.builder("system2", slowHz)
              .reads(Observations.rgbd("front"), Observations.INSTRUCTION)
              .writes(LATENT).optLatency(slowLatency).optRole(LoopRole.SYSTEM2).build(),
          LoopSpec.builder("system1", fastHz)
              .reads(LATENT, Observations.PROPRIOCEPTION)
              .writes(Commands.ACTION).optLatency(fastLatency).optRole(LoopRole.SYSTEM1).build());
    }

    @Override
    public String name() {
      return "dual";
    }

    @Override
    public List<LoopSpec> loops() {
      return loops;
    }

    @Override
    public void reset(EpisodeContext context) {
      // "parse" the goal from the instruction, as a language model would
      String s = context.instruction();
      String[] parts = s.substring(s.indexOf('(') + 1, s.indexOf(')')).split(",");
      goal = new double[3];
      for (int i = 0; i < 3; i++) {
        goal[i] = Double.parseDouble(parts[i].trim());
      }
    }

    @Override
    public ActionSpace actionSpace() {
      return fakeArmJoints();
    }

    @Override
    public void tick(String loop, TickContext ctx) {
      PhaseTimer phases = ctx.phases();
      if (loop.equals("system2")) {
        CameraFrame f;
        try (var s = phases.time(Phase.PREPROCESS)) {
          f = ctx.channels().latest(Observations.rgbd("front")).orElseThrow();
        }
        try (var s = phases.time(Phase.INFER)) {
          // a "latent" that mixes the goal with a bit of the image, so it depends on the state
          double shade = (f.rgb()[0] & 0xff) / 255.0;
          ctx.channels().publish(LATENT, new double[] {goal[0], goal[1], goal[2], shade});
        }
        return;
      }
      double[] latent = ctx.channels().latest(LATENT).orElse(null);
      Proprioception p = ctx.channels().latest(Observations.PROPRIOCEPTION).orElseThrow();
      if (latent == null) {
        return;
      }
      List<Action> steps = new ArrayList<>();
      double[] q = p.jointPositions();
      for (int k = 1; k <= 4; k++) {
        double[] a = new double[3];
        for (int i = 0; i < 3; i++) {
          a[i] = q[i] + (latent[i] - q[i]) * Math.min(1.0, 0.4 * k);
        }
        steps.add(new Action(a, latent[3] > 2 ? 1 : 0));
      }
      ctx.channels().publish(Commands.ACTION, new ActionChunk(steps, 0.01));
    }

    @Override
    public void close() {
    }
  }

  /**
   * Replays a fixed list of end-effector deltas as a chunking policy polled at {@code pollHz}
   * would: at each tick at time t it publishes the chunk of the remaining deltas from index
   * {@code floor(t / interval)} (nothing once they have all started). Under the EE_DELTA rule
   * every poll rate ends at the same commanded pose: the whole list applied once each.
   */
  public static final class DeltaReplayStack implements ControlStack {
    private final List<double[]> deltas;
    private final double intervalSeconds;
    private final long intervalMicros;
    private final LoopSpec loop;
    private final ActionSpace space = ActionSpace.eeDelta(0.05, 0.5);

    /** Replays {@code deltas} (6 values each) with chunk interval {@code intervalSeconds}. */
    public DeltaReplayStack(List<double[]> deltas, double intervalSeconds, double pollHz) {
      this.deltas = List.copyOf(deltas);
      this.intervalSeconds = intervalSeconds;
      this.intervalMicros = Math.round(intervalSeconds * 1e6);
      this.loop = LoopSpec.builder("replay", pollHz).writes(Commands.ACTION)
          .optLatency(LatencyModel.none()).build();
    }

    /** The sum of the position deltas (m): where the commanded position ends relative to the start. */
    public double[] totalTranslation() {
      double[] sum = new double[3];
      for (double[] d : deltas) {
        for (int i = 0; i < 3; i++) {
          sum[i] += d[i];
        }
      }
      return sum;
    }

    @Override
    public String name() {
      return "delta-replay";
    }

    @Override
    public List<LoopSpec> loops() {
      return List.of(loop);
    }

    @Override
    public void reset(EpisodeContext context) {
    }

    @Override
    public ActionSpace actionSpace() {
      return space;
    }

    @Override
    public void tick(String name, TickContext context) {
      int from = (int) (context.timeMicros() / intervalMicros);
      if (from >= deltas.size()) {
        return;
      }
      List<Action> steps = new ArrayList<>();
      for (int i = from; i < deltas.size(); i++) {
        steps.add(new Action(deltas.get(i).clone(), 0));
      }
      context.channels().publish(Commands.ACTION, new ActionChunk(steps, intervalSeconds));
    }

    @Override
    public void close() {
    }
  }
}
