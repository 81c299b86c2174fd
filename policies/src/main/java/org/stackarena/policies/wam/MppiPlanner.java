package org.stackarena.policies.wam;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Model-predictive path integral planning (MPPI, as TD-MPC2 plans) around a proposed action chunk: each
 * iteration samples {@code samples} candidates, the current mean (candidate 0, unperturbed) and the mean
 * plus Gaussian noise on each step's displacement, imagines all of them in one batched call of the
 * {@link ImaginationModel}, scores them ({@link Cost} plus a prior term: the squared distance of each
 * candidate's waypoints from the proposal's), and moves the mean to the exponentially weighted average of
 * the candidates ({@code exp(-(cost - min cost) / temperature)}). The executed chunk is the final mean. The
 * gripper command is the proposal's: the planner moves the arm, not the fingers.
 *
 * <p>Seeded ({@link #reset}): the same seed gives the same plans. Not thread-safe. Buffers are allocated once
 * per budget.
 */
public final class MppiPlanner {

    /** The imagined outcome of candidates. */
    @FunctionalInterface
    public interface ImaginationModel {
        /**
         * Imagines {@code n} candidates of {@code h} steps from the current observation.
         *
         * @param actions [n][h][{@value WamSpec#ACTION_DIM}] flattened: displacement (m) and gripper command
         * @return decoded states [n][h + 1][{@value WamSpec#DECODED_DIM}] flattened ({@link WamSpec#DECODED},
         *     step 0 the current observation's), in metres
         */
        float[] imagine(float[] actions, int n, int h) throws Exception;
    }

    /** The task cost of one imagined trajectory (lower is better). */
    @FunctionalInterface
    public interface Cost {
        /**
         * @param decoded what {@link ImaginationModel#imagine} returned
         * @param offset index of the candidate's step 0 in {@code decoded}
         * @param h imagined steps (the candidate's steps 1..h follow step 0)
         */
        double cost(float[] decoded, int offset, int h);
    }

    /**
     * A plan.
     *
     * @param actions the executed chunk, [h][4] flattened (displacements in m, gripper command)
     * @param bestIsProposal whether the lowest-cost candidate of the first iteration was the proposal itself
     * @param shiftM the largest distance (m) between a waypoint of the executed chunk and the proposal's
     * @param proposalCost the proposal's cost (first iteration)
     * @param planCost the lowest cost seen
     */
    public record Plan(double[] actions, boolean bestIsProposal, double shiftM, double proposalCost, double planCost) {}

    private final WamSpec.Planner config;
    private Random rng;
    private float[] candidates = new float[0];
    private double[] costs = new double[0];

    /** A planner with {@code config}'s budget and noise, seeded with {@code seed}. */
    public MppiPlanner(WamSpec.Planner config, long seed) {
        this.config = Objects.requireNonNull(config, "config");
        this.rng = new Random(seed);
    }

    /** The budget. */
    public WamSpec.Planner config() {
        return config;
    }

    /** Restarts the noise stream from {@code seed} (once per episode, from the episode seed). */
    public void reset(long seed) {
        rng = new Random(seed);
    }

    /**
     * Plans around {@code proposal}.
     *
     * @param proposal [h][4] flattened with h = the budget's horizon: per step the displacement (m) and gripper
     *     command; not modified
     * @return the plan
     */
    public Plan plan(ImaginationModel model, double[] proposal, Cost cost) throws Exception {
        int n = config.samples(), h = config.horizon(), a = WamSpec.ACTION_DIM;
        if (proposal.length != h * a) {
            throw new IllegalArgumentException("proposal has " + proposal.length + " values, expected " + h * a);
        }
        if (candidates.length != n * h * a) {
            candidates = new float[n * h * a];
            costs = new double[n];
        }
        double[] mean = proposal.clone();
        boolean bestIsProposal = true;
        double proposalCost = Double.NaN, best = Double.POSITIVE_INFINITY;
        double sigma = config.noiseM();
        for (int it = 0; it < config.iterations(); it++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < h; k++) {
                    int o = (i * h + k) * a;
                    for (int d = 0; d < 3; d++) {
                        double e = i == 0 ? 0 : rng.nextGaussian() * sigma;
                        candidates[o + d] = (float) (mean[k * a + d] + e);
                    }
                    candidates[o + 3] = (float) proposal[k * a + 3];
                }
            }
            score(model, candidates, n, h, cost, proposal, costs);
            double min = Double.POSITIVE_INFINITY;
            int argmin = 0;
            for (int i = 0; i < n; i++) {
                if (costs[i] < min) {
                    min = costs[i];
                    argmin = i;
                }
            }
            if (it == 0) {
                proposalCost = costs[0];
                bestIsProposal = argmin == 0;
            }
            best = Math.min(best, min);
            if (!Double.isFinite(min)) {
                break;   // nothing scored: keep the mean
            }
            double wsum = 0;
            double[] next = new double[h * a];
            for (int i = 0; i < n; i++) {
                double w = Math.exp(-(costs[i] - min) / config.temperature());
                wsum += w;
                for (int j = 0; j < h * a; j++) {
                    next[j] += w * candidates[i * h * a + j];
                }
            }
            for (int j = 0; j < h * a; j++) {
                mean[j] = next[j] / wsum;
            }
            for (int k = 0; k < h; k++) {
                mean[k * a + 3] = proposal[k * a + 3];
            }
        }
        return new Plan(mean, bestIsProposal, maxWaypointDistance(mean, proposal, h), proposalCost, best);
    }

    /**
     * Scores candidates: imagines all {@code n} in one call and writes each one's task cost plus the prior term
     * into {@code out} (a non-finite cost becomes +infinity).
     *
     * @param candidates [n][h][4] flattened; not modified
     * @param proposal [h][4], the reference of the prior term
     * @param out at least {@code n} values, written
     */
    public void score(ImaginationModel model, float[] candidates, int n, int h, Cost cost, double[] proposal,
                      double[] out) throws Exception {
        float[] decoded = model.imagine(candidates, n, h);
        int stride = (h + 1) * WamSpec.DECODED_DIM;
        if (decoded.length != n * stride) {
            throw new IllegalStateException("imagination returned " + decoded.length + " values, expected " + n * stride);
        }
        for (int i = 0; i < n; i++) {
            double c = cost.cost(decoded, i * stride, h) + config.priorWeight() * priorTerm(candidates, i, proposal, h);
            out[i] = Double.isFinite(c) ? c : Double.POSITIVE_INFINITY;
        }
    }

    /** Sum over steps of the squared distance (m^2) between candidate {@code i}'s waypoints and the proposal's. */
    private static double priorTerm(float[] candidates, int i, double[] proposal, int h) {
        int a = WamSpec.ACTION_DIM;
        double dx = 0, dy = 0, dz = 0, s = 0;
        for (int k = 0; k < h; k++) {
            int o = (i * h + k) * a;
            dx += candidates[o] - proposal[k * a];
            dy += candidates[o + 1] - proposal[k * a + 1];
            dz += candidates[o + 2] - proposal[k * a + 2];
            s += dx * dx + dy * dy + dz * dz;
        }
        return s;
    }

    /** The largest distance between corresponding waypoints (cumulative displacements) of two chunks. */
    static double maxWaypointDistance(double[] x, double[] y, int h) {
        int a = WamSpec.ACTION_DIM;
        double dx = 0, dy = 0, dz = 0, max = 0;
        for (int k = 0; k < h; k++) {
            dx += x[k * a] - y[k * a];
            dy += x[k * a + 1] - y[k * a + 1];
            dz += x[k * a + 2] - y[k * a + 2];
            max = Math.max(max, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        return max;
    }

    @Override
    public String toString() {
        return "MppiPlanner" + Arrays.asList(config.samples(), config.horizon(), config.iterations());
    }
}
