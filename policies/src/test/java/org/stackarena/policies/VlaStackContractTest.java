package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.ManualTick;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.Commands;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.Observations;
import org.stackarena.api.Phase;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.data.Geometry;

/**
 * The VLA (untrained tiny weights) passes the stack contract, and System 1 publishes absolute EE_POSE
 * waypoints: positions bounded per step and inside the workspace, the measured orientation.
 */
class VlaStackContractTest extends ControlStackContract {

    @Override
    protected ControlStack createStack() {
        return VlaStack.create(VlaPolicy.create(TestPolicies.tinySpec(), 9));
    }

    @Test
    void system1PublishesEePoseWaypointsTurningAtMostMaxAngularPerStep() throws Exception {
        double[] quat = {Math.cos(0.3), 0, 0, Math.sin(0.3)};   // 0.6 rad about z
        Proprioception p = new Proprioception(new double[3], new double[3], 0.04, new double[] {0.4, 0.1, 0.2},
            quat, 0);
        try (PolicyStack stack = VlaStack.create(VlaPolicy.create(TestPolicies.tinySpec(), 9), "vla", 100, 5,
            org.stackarena.api.LatencyModel.none(), ChunkExecution.replace())) {
            stack.reset(episode());
            assertThat(stack.actionSpace()).isEqualTo(ActionSpace.eePose(PolicySpec.WORKSPACE_LOW,
                PolicySpec.WORKSPACE_HIGH));
            ManualTick tick = new ManualTick();
            tick.put(Observations.PROPRIOCEPTION, p);
            stack.tick(VlaStack.SYSTEM1, tick.at(stack.stage(VlaStack.SYSTEM1).loop(), 0));
            assertThat(tick.published(Commands.ACTION)).as("nothing before the first latent").isNull();

            tick.put(VlaStack.LATENT, new float[8 + PolicySpec.GOAL_DIM]);
            stack.tick(VlaStack.SYSTEM1, tick.at(stack.stage(VlaStack.SYSTEM1).loop(), 0));
            ActionChunk c = (ActionChunk) tick.published(Commands.ACTION);
            assertThat(c.steps()).hasSize(4);
            assertThat(c.intervalSeconds()).isEqualTo(0.1);
            double[] prev = p.eePosition();
            double[] prevQuat = quat;
            for (Action a : c.steps()) {
                assertThat(stack.actionSpace().violation(a)).isEmpty();
                for (int i = 0; i < 3; i++) {
                    assertThat(Math.abs(a.values()[i] - prev[i])).isLessThanOrEqualTo(0.05 + 1e-12);
                }
                // the orientation turns from the measured one (step 0) or the previous step's by at most
                // max_angular (0.3 rad in the tiny spec)
                double[] q = new double[4];
                org.stackarena.api.Rotations.rotationVectorToQuaternion(
                    new double[] {a.values()[3], a.values()[4], a.values()[5]}, q);
                assertThat(org.stackarena.api.Rotations.angleBetween(prevQuat, q)).isLessThanOrEqualTo(0.3 + 1e-9);
                assertThat(a.gripper()).isIn(0.0, 1.0);
                prev = a.values();
                prevQuat = q;
            }
            assertThat(tick.reportedPhases()).contains(Phase.PREPROCESS, Phase.INFER, Phase.POSTPROCESS);
        }
    }

    @Test
    void allocationFreeFeaturesEqualTheTrainingFeatures() {
        Proprioception p = new Proprioception(new double[7], new double[7], 0.031, new double[] {0.4, -0.1, 0.25},
            new double[] {-0.2, 0.9, 0.3, -0.1}, 0);
        float[] training = Geometry.features(Geometry.state(p.eePosition(), p.eeQuaternion(), p.gripperWidth()), 0);
        assertThat(VlaPolicy.features(p, new float[10])).containsExactly(training);
    }

    private static EpisodeContext episode() {
        return new EpisodeContext("unit", "lab", 1, "pick up the red cube", new RobotDescription("arm", List.of("a", "b",
            "c"), new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new double[] {1, 1, 1}, 0.08), 0.002, 10);
    }
}
