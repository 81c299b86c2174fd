package org.stackarena.policies;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.Simulation;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.Proprioception;
import org.stackarena.api.TickContext;

/**
 * Opt-in diagnostics of a checkpoint ({@code -Ddebug.checkpoint=DIR}): System 2's goal error on
 * evaluation seeds, and System 1 in closed loop fed the ground-truth goal (isolates System 1).
 */
@EnabledIfSystemProperty(named = "debug.checkpoint", matches = ".+")
class VlaDebugRun {

    @Test
    void diagnose() {
        Path dir = Path.of(System.getProperty("debug.checkpoint"));
        String family = System.getProperty("debug.family", "reach");
        int size = Integer.getInteger("debug.size", 128);
        try (VlaPolicy p = VlaPolicy.load(dir);
             ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get(family), "arm7",
                 ConditionLoader.load("lab"), size, size)) {
            for (long seed = 1000; seed < 1010; seed++) {
                world.reset(seed);
                double[] g = p.goal(p.system2(p.image(world.render("front")), world.instruction()));
                EpisodeInstance e = world.episode();
                System.out.printf("s2 seed %d  est (%.3f %.3f %.3f | %.3f %.3f %.3f)  true object (%.3f %.3f)%n", seed,
                    g[0], g[1], g[2], g[3], g[4], g[5], e.object().x(), e.object().y());
            }
            int ok = 0;
            for (long seed = Long.getLong("debug.firstSeed", 1000); seed < Long.getLong("debug.lastSeed", 1009) + 1; seed++) {
                GroundTruthS1 stack = new GroundTruthS1(p, world);
                EpisodeRecord r = new EpisodeRunner().run(EpisodeSpec.of(family, "arm7", seed, "lab", "gt-s1")
                    .withVariant("", Map.of("*", LatencyModel.none())), world, stack);
                double[] ee = world.eePosition();
                double[] op = new double[3];
                world.simulation().readBodyPos(world.simulation().id(Simulation.ObjType.BODY, world.episode().object().bodyName()), op);
                EpisodeInstance.Pad pad = world.episode().pad();
                System.out.printf("s1(gt goal) seed %d %s %s ee (%.3f %.3f %.3f) object start (%.3f %.3f) now (%.3f %.3f %.3f) pad %s %s yaw %.0f half (%.3f %.3f)%n", seed,
                    r.success() ? "OK" : "FAIL", r.failureReason(), ee[0], ee[1], ee[2],
                    world.episode().object().x(), world.episode().object().y(), op[0], op[1], op[2],
                    pad == null ? "-" : String.format("(%.3f %.3f)", pad.x(), pad.y()), world.episode().object().shape(),
                    Math.toDegrees(world.episode().object().yawRad()), world.episode().object().halfExtents()[0],
                    world.episode().object().halfExtents()[1]);
                ok += r.success() ? 1 : 0;
            }
            System.out.println("s1 with ground-truth goal: " + ok + "/10");
        }
    }

    /** System 1 of the checkpoint (the VlaStack's loop) fed the true goal at 5 Hz (privileged: diagnostics only). */
    static final class GroundTruthS1 implements ControlStack {
        private final VlaPolicy p;
        private final ScenarioWorld world;
        private final double[] pos = new double[3];
        private final org.stackarena.api.policy.PolicyStack vla;

        GroundTruthS1(VlaPolicy p, ScenarioWorld world) {
            this.p = p;
            this.world = world;
            this.vla = VlaStack.create(p, "gt-s1", 100, 5, LatencyModel.none());
        }

        @Override
        public String name() {
            return "gt-s1";
        }

        @Override
        public List<LoopSpec> loops() {
            return List.of(LoopSpec.builder("gt", 5).reads(Observations.PROPRIOCEPTION, VlaStack.LATENT).writes(VlaStack.LATENT).build(),
                vla.loops().get(1));
        }

        @Override
        public void reset(EpisodeContext context) throws Exception {
            vla.reset(context);
        }

        @Override
        public ActionSpace actionSpace() {
            return p.spec().space();
        }

        @Override
        public void tick(String loop, TickContext ctx) throws Exception {
            if (!loop.equals("gt")) {
                vla.tick(loop, ctx);
                return;
            }
            if (Boolean.getBoolean("debug.trace") && ctx.tickIndex() % 2 == 0) {
                Proprioception pr = ctx.channels().latest(Observations.PROPRIOCEPTION).orElse(null);
                if (pr != null) {
                    float[] f = p.features(pr);
                    float[] lat = ctx.channels().latest(VlaStack.LATENT).orElse(null);
                    if (lat != null) {
                        float[] raw = p.system1(lat, p.normalise(f));
                        System.out.printf("trace t=%.1f ee (%.3f %.3f %.3f) grip %.3f  raw step0 (%.4f %.4f %.4f) g%.2f%n",
                            ctx.time(), f[0], f[1], f[2], f[9], raw[0], raw[1], raw[2], (double) raw[9]);
                        StringBuilder gs = new StringBuilder("trace grip chunk");
                        for (int j = 0; j < p.spec().chunkSize(); j++) {
                            gs.append(String.format(" %.2f", raw[j * PolicySpec.ACTION_DIM + 9]));
                        }
                        System.out.println(gs);
                    }
                }
            }
            EpisodeInstance e = world.episode();
            Simulation sim = world.simulation();
            sim.readBodyPos(sim.id(Simulation.ObjType.BODY, e.object().bodyName()), pos);
            double hz = e.object().halfExtents()[2];
            double[] goal = e.pad() != null ? new double[] {e.pad().x(), e.pad().y(), hz} : new double[] {e.object().x(), e.object().y(), hz};
            float[] g = new float[PolicySpec.GOAL_DIM];
            double[] raw = {pos[0], pos[1], pos[2], goal[0], goal[1], goal[2]};
            for (int i = 0; i < raw.length; i++) {
                g[i] = (float) ((raw[i] - p.spec().goalMean()[i]) / p.spec().goalStd()[i]);
            }
            g[PolicySpec.POSITION_DIM + PolicySpec.TASKS.indexOf(e.family())] = 1;
            ctx.channels().publish(VlaStack.LATENT, g);
        }

        @Override
        public void close() {}
    }
}
