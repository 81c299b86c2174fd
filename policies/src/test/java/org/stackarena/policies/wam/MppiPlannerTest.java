package org.stackarena.policies.wam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The planner under a hand-made world model: the end effector moves by the commanded displacement. */
class MppiPlannerTest {

    /** EE starts at (0.4, 0, 0.3) and integrates the displacements; the object stays at (0.5, 0, 0.02). */
    static float[] handMade(float[] actions, int n, int h) {
        int s = WamSpec.DECODED_DIM, a = WamSpec.ACTION_DIM;
        float[] out = new float[n * (h + 1) * s];
        for (int i = 0; i < n; i++) {
            float x = 0.4f, y = 0, z = 0.3f;
            for (int k = 0; k <= h; k++) {
                if (k > 0) {
                    int o = (i * h + k - 1) * a;
                    x += actions[o];
                    y += actions[o + 1];
                    z += actions[o + 2];
                }
                int o = (i * (h + 1) + k) * s;
                out[o] = x;
                out[o + 1] = y;
                out[o + 2] = z;
                out[o + 3] = 0.08f;
                out[o + 4] = 0.5f;
                out[o + 6] = 0.02f;
                out[o + 7] = 0.5f;
            }
        }
        return out;
    }

    /** Reach with the goal point at (0.6, 0, 0.3). */
    static TaskCost reachCost() {
        return new TaskCost(new double[] {0.5, 0, 0.02, 0.6, 0, 0.3, 1, 0, 0, 0, 0});
    }

    static double[] straight(double dx, int h) {
        double[] p = new double[h * 4];
        for (int k = 0; k < h; k++) {
            p[k * 4] = dx;
        }
        return p;
    }

    @Test
    void ofTwoHandMadeCandidatesTheOneReachingTheGoalScoresLower() throws Exception {
        int h = 4;
        MppiPlanner planner = new MppiPlanner(new WamSpec.Planner(2, h, 1, 0.01, 0.01, 0), 1);
        assertThat(reachCost().task()).isEqualTo(org.stackarena.api.TaskFamily.REACH);
        float[] towardThenAway = new float[2 * h * 4];
        for (int k = 0; k < h; k++) {
            towardThenAway[k * 4] = 0.05f;            // candidate 0: toward the goal (x + 5 cm per step)
            towardThenAway[(h + k) * 4] = -0.05f;     // candidate 1: away from it
        }
        double[] costs = new double[2];
        planner.score(MppiPlannerTest::handMade, towardThenAway, 2, h, reachCost(), straight(0, h), costs);
        assertThat(costs[0]).isLessThan(costs[1]);
        // the same two in the other order: the preference follows the candidate, not the index
        float[] swapped = new float[towardThenAway.length];
        System.arraycopy(towardThenAway, h * 4, swapped, 0, h * 4);
        System.arraycopy(towardThenAway, 0, swapped, h * 4, h * 4);
        planner.score(MppiPlannerTest::handMade, swapped, 2, h, reachCost(), straight(0, h), costs);
        assertThat(costs[1]).isLessThan(costs[0]);
    }

    @Test
    void aProposalMovingAwayFromTheGoalIsTurnedTowardIt() throws Exception {
        int h = 8;
        MppiPlanner planner = new MppiPlanner(new WamSpec.Planner(64, h, 3, 0.02, 0.005, 0), 7);
        double[] away = straight(-0.01, h);
        MppiPlanner.Plan plan = planner.plan(MppiPlannerTest::handMade, away, reachCost());
        double endProposal = 0.4 + h * -0.01, endPlan = 0.4;
        for (int k = 0; k < h; k++) {
            endPlan += plan.actions()[k * 4];
        }
        assertThat(plan.bestIsProposal()).isFalse();
        assertThat(plan.planCost()).isLessThan(plan.proposalCost());
        assertThat(Math.abs(0.6 - endPlan)).as("distance to the goal after the plan").isLessThan(Math.abs(0.6 - endProposal));
        assertThat(plan.shiftM()).isGreaterThan(0.01);
    }

    @Test
    void aProposalStayingAtTheGoalIsKeptAndPlansAreSeeded() throws Exception {
        int h = 4;
        WamSpec.Planner cfg = new WamSpec.Planner(32, h, 2, 0.01, 0.001, 1.0);
        // the goal point is where the hand-made end effector starts: staying is best
        TaskCost atStart = new TaskCost(new double[] {0.5, 0, 0.02, 0.4, 0, 0.3, 1, 0, 0, 0, 0});
        MppiPlanner.Plan a = new MppiPlanner(cfg, 3).plan(MppiPlannerTest::handMade, straight(0, h), atStart);
        MppiPlanner.Plan b = new MppiPlanner(cfg, 3).plan(MppiPlannerTest::handMade, straight(0, h), atStart);
        assertThat(a.actions()).containsExactly(b.actions());
        assertThat(a.bestIsProposal()).isTrue();
        assertThat(a.shiftM()).isLessThan(0.002);
        MppiPlanner.Plan c = new MppiPlanner(new WamSpec.Planner(32, h, 2, 0.01, 1.0, 0), 4)
            .plan(MppiPlannerTest::handMade, straight(0, h), atStart);
        assertThat(c.actions()).as("a hot planner averages the noise of another seed").isNotEqualTo(a.actions());
    }

    @Test
    void theGripperCommandIsTheProposals() throws Exception {
        int h = 3;
        double[] p = straight(-0.01, h);
        p[3] = 1;
        p[7] = 0;
        p[11] = 1;
        MppiPlanner.Plan plan = new MppiPlanner(new WamSpec.Planner(16, h, 2, 0.02, 0.01, 0), 1)
            .plan(MppiPlannerTest::handMade, p, reachCost());
        assertThat(new double[] {plan.actions()[3], plan.actions()[7], plan.actions()[11]}).containsExactly(1, 0, 1);
    }
}
