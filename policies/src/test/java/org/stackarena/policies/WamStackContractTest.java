package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopRole;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.harness.ManualTick;
import org.stackarena.api.Observations;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.wam.WamStack;

/**
 * The world-action-model stack (untrained tiny weights) passes the stack contract; its planner is an
 * imagination loop that counts its choices, and its tracker re-times the plan to the tick.
 */
class WamStackContractTest extends ControlStackContract {

    @Override
    protected ControlStack createStack() {
        return WamStack.create(WamTestPolicies.tinyPolicy(5), "wam", LatencyModel.none(), ChunkExecution.ensemble(1.0));
    }

    @Test
    void thePlannerIsAnImaginationLoopAndCountsItsChoices() throws Exception {
        try (PolicyStack stack = (PolicyStack) createStack()) {
            assertThat(stack.stage(WamStack.PLANNER).loop().role()).isEqualTo(LoopRole.IMAGINATION);
            assertThat(stack.stage(WamStack.PLANNER).loop().rateHz()).isEqualTo(10.0);
            assertThat(stack.stage(WamStack.TRACKER).loop().rateHz()).isEqualTo(100.0);
            stack.reset(episode());
            ManualTick tick = new ManualTick();
            tick.put(Observations.PROPRIOCEPTION, proprioception());
            tick.put(Observations.rgbd("front"), frame(24));
            tick.put(Observations.INSTRUCTION, "pick up the red cube");
            stack.tick(WamStack.TRACKER, tick.at(stack.stage(WamStack.TRACKER).loop(), 0));
            assertThat(tick.published(Commands.ACTION)).as("nothing before the first plan").isNull();
            for (int i = 0; i < 3; i++) {
                stack.tick(WamStack.PLANNER, tick.at(stack.stage(WamStack.PLANNER).loop(), i * 100_000L));
            }
            assertThat(tick.counter("planned")).isEqualTo(3);
            assertThat(tick.counter("best_not_proposal")).isBetween(0L, 3L);
            ActionChunk plan = (ActionChunk) tick.published(WamStack.PLAN);
            assertThat(plan.steps()).hasSize(4);
        }
    }

    @Test
    void theTrackerRetimesThePlanToTheTickAndBoundsItsSteps() throws Exception {
        try (PolicyStack stack = (PolicyStack) createStack()) {
            stack.reset(episode());
            ManualTick tick = new ManualTick().optPublishedVisible(true);
            tick.put(Observations.PROPRIOCEPTION, proprioception());
            double[] rot = {Math.PI, 0, 0};
            List<Action> wp = new java.util.ArrayList<>();
            for (int k = 0; k < 4; k++) {   // waypoint k: x = 0.41 + 0.01 k, for (k + 1) * 0.1 s after the plan
                wp.add(new Action(new double[] {0.41 + 0.01 * k, 0, 0.3, rot[0], rot[1], rot[2]}, k >= 2 ? 1 : 0));
            }
            tick.at(stack.stage(WamStack.PLANNER).loop(), 0);
            tick.channels().publish(WamStack.PLAN, new ActionChunk(wp, 0.1));
            // 50 ms after the plan: step 0 targets 0.15 s after the plan, halfway between waypoints 0 and 1
            stack.tick(WamStack.TRACKER, tick.at(stack.stage(WamStack.TRACKER).loop(), 50_000));
            ActionChunk c = (ActionChunk) tick.published(Commands.ACTION);
            assertThat(c.steps()).hasSize(4);
            assertThat(c.steps().get(0).values()[0]).isCloseTo(0.415, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.steps().get(1).values()[0]).isCloseTo(0.425, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.steps().get(3).values()[0]).as("past the plan's end: its last waypoint").isCloseTo(0.44,
                org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.steps().get(1).gripper()).isEqualTo(1.0);
        }
    }

    static org.stackarena.api.CameraFrame frame(int size) {
        byte[] rgb = new byte[size * size * 3];
        new java.util.Random(3).nextBytes(rgb);
        return new org.stackarena.api.CameraFrame("front", size, size, rgb, new float[size * size],
            new org.stackarena.api.Intrinsics(50, 50, size / 2.0, size / 2.0), new double[] {1, 0, 1},
            new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0);
    }

    static Proprioception proprioception() {
        return new Proprioception(new double[3], new double[3], 0.04, new double[] {0.4, 0, 0.3},
            new double[] {0, 1, 0, 0}, 0);
    }

    static EpisodeContext episode() {
        return new EpisodeContext("unit", "lab", 1, "pick up the red cube", new RobotDescription("arm", List.of("a", "b",
            "c"), new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new double[] {1, 1, 1}, 0.08), 0.002, 10);
    }
}
