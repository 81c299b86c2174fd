package org.stackarena.api.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Commands;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.TickContext;

/**
 * A pure-Java two-stage policy for tests: stage {@code plan} (2 Hz) reads proprioception and publishes
 * a latent goal (the joint positions scaled); stage {@code act} (50 Hz) reads latent and proprioception
 * and publishes a joint-position chunk of 5 steps, 20 ms apart, stepping a fraction of the way to the
 * goal per step. {@code poison} can turn one value into NaN.
 */
final class TestPolicy {

  static final ChannelKey<float[]> LATENT = ChannelKey.of("test/latent", float[].class);

  private TestPolicy() {}

  /** Model: multiplies every value by a factor, counts calls. */
  static final class Scale implements PolicyModel<double[], double[]> {
    final double factor;
    int calls;
    int closes;
    DoubleUnaryOperator poison = x -> x;

    Scale(double factor) {
      this.factor = factor;
    }

    @Override
    public double[] predict(double[] input) {
      calls++;
      double[] out = new double[input.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = poison.applyAsDouble(input[i] * factor);
      }
      return out;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  /** Plan translator: proprioception -> joint positions; output -> float latent. */
  static final class PlanTranslator implements PolicyTranslator<double[], double[], float[]> {
    @Override
    public double[] processInput(TickContext ctx) {
      return ctx.channels().latest(Observations.PROPRIOCEPTION).map(p -> p.jointPositions().clone())
          .orElse(null);
    }

    @Override
    public float[] processOutput(TickContext ctx, double[] out) {
      float[] f = new float[out.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) out[i];
      }
      return f;
    }
  }

  /** Act translator: (latent goal - q) as input; output -> chunk of 5 joint targets. */
  static final class ActTranslator implements ActionTranslator<double[], double[]> {
    private ActionSpace space;
    private double[] q;

    @Override
    public void reset(EpisodeContext context) {
      space = ActionSpace.jointPosition(context.robot().jointLower(), context.robot().jointUpper());
    }

    @Override
    public ActionSpace actionSpace() {
      return space;
    }

    @Override
    public double[] processInput(TickContext ctx) {
      float[] goal = ctx.channels().latest(LATENT).orElse(null);
      Proprioception p = ctx.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
      if (goal == null || p == null) {
        return null;
      }
      q = p.jointPositions();
      double[] d = new double[q.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = goal[i] - q[i];
      }
      return d;
    }

    @Override
    public ActionChunk processOutput(TickContext ctx, double[] delta) {
      List<Action> steps = new ArrayList<>();
      for (int k = 1; k <= 5; k++) {
        double[] v = new double[q.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = Math.max(space.low(i), Math.min(space.high(i), q[i] + delta[i] * k / 5.0));
        }
        steps.add(new Action(v, k >= 3 ? 1 : 0));
      }
      return new ActionChunk(steps, 0.02);
    }
  }

  /** The two-stage stack over fresh models. */
  static PolicyStack stack(ChunkExecution execution, Scale plan, Scale act) {
    PolicyStage<double[], double[], float[]> s1 = PolicyStage.<double[], double[], float[]>builder("plan", 2)
        .reads(Observations.PROPRIOCEPTION).setModel(plan).setTranslator(new PlanTranslator())
        .setOutput(LATENT).build();
    PolicyStage<double[], double[], ActionChunk> s2 =
        PolicyStage.<double[], double[], ActionChunk>builder("act", 50)
            .reads(LATENT, Observations.PROPRIOCEPTION).setModel(act).setTranslator(new ActTranslator())
            .setOutput(Commands.ACTION).build();
    return PolicyStack.builder("test-policy").addStage(s1).setActionStage(s2).optChunkExecution(execution)
        .build();
  }
}
