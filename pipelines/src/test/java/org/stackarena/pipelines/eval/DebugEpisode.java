package org.stackarena.pipelines.eval;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.pipelines.stack.ClassicalStack;
import org.stackarena.pipelines.stack.PipelineChannels;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.TickContext;

/** Traces one classical episode (-Ddebug.family=..., -Ddebug.seed=..., -Ddebug.condition=...). */
class DebugEpisode {

  @Test
  @EnabledIfSystemProperty(named = "debug.family", matches = ".+")
  void trace() {
    String family = System.getProperty("debug.family");
    long seed = Long.parseLong(System.getProperty("debug.seed", "1000"));
    String cond = System.getProperty("debug.condition", "lab");
    try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get(family), "arm7", ConditionLoader.load(cond),
        128, 128)) {
      ClassicalStack inner = new ClassicalStack(PipelineConfig.defaults());
      StringBuilder log = new StringBuilder();
      ControlStack traced = new ControlStack() {
        String last = "";

        public String name() {
          return inner.name();
        }

        public List<LoopSpec> loops() {
          return inner.loops();
        }

        public void reset(EpisodeContext c) throws Exception {
          inner.reset(c);
          log.append(w.instruction()).append(" goal=").append(inner.goal()).append('\n');
        }

        public ActionSpace actionSpace() {
          return inner.actionSpace();
        }

        public void tick(String loop, TickContext ctx) throws Exception {
          inner.tick(loop, ctx);
          if (loop.equals("planner") && inner.planner().state() != null) {
            String st = inner.planner().state().name();
            if (!st.equals(last)) {
              last = st;
              SceneEstimate s = ctx.channels().latest(PipelineChannels.SCENE).orElse(null);
              double[] gt = new double[3];
              var sim = w.simulation();
              sim.readBodyPos(sim.id(org.stackarena.sim.Simulation.ObjType.BODY, w.episode().object().bodyName()), gt);
              log.append(String.format("t=%.2f %s est=%s gt=(%.3f,%.3f,%.3f) pad=(%.3f,%.3f) gtpad=%s%n", ctx.time(),
                  st, s == null ? null : s.object(), gt[0], gt[1], gt[2], s == null ? 0 : s.padX(),
                  s == null ? 0 : s.padY(), w.episode().pad()));
            }
          }
        }

        public void close() {
          inner.close();
        }
      };
      EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of(family, "arm7", seed, cond, "classical"), w, traced);
      log.append(r.success()).append(' ').append(r.failureReason()).append('\n');
      DebugFiles.write("debug.txt", log);
    }
  }
}
