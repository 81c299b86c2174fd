package org.stackarena.policies.wam;

import org.stackarena.api.TaskFamily;

/**
 * The planner's task-stage cost on imagined, decoded states, against the goal System 2 decoded from the
 * image and the instruction (where the named object is, where it has to go, which task): the mean over the
 * imagined steps 1..h of
 * <ul>
 *   <li>reach: the end effector's distance to the goal point;</li>
 *   <li>pick-lift: half the end effector's distance to the imagined object plus how far the imagined object
 *       is below {@value #LIFT_M} m above where it was;</li>
 *   <li>pick-place, push, stack: half the end effector's distance to the imagined object plus the imagined
 *       object's distance to the goal point;</li>
 * </ul>
 * plus {@value #PROGRESS_WEIGHT} x (1 - imagined task progress). All in metres.
 */
public final class TaskCost implements MppiPlanner.Cost {

    /** Lift height the pick-lift cost asks for (the scenarios' 8 cm plus a margin). */
    static final double LIFT_M = 0.10;
    /** Weight of the learned progress estimate (0..1) against the geometric terms (m). */
    static final double PROGRESS_WEIGHT = 0.05;

    private final TaskFamily task;
    private final double gx, gy, gz;

    /**
     * @param goal System 2's goal estimate in metres ({@link org.stackarena.policies.PolicySpec#GOAL_NAMES}:
     *     object xyz, goal xyz, one score per task family)
     */
    public TaskCost(double[] goal) {
        int best = 0;
        for (int i = 1; i < TaskFamily.values().length; i++) {
            if (goal[6 + i] > goal[6 + best]) {
                best = i;
            }
        }
        this.task = TaskFamily.values()[best];
        this.gx = goal[3];
        this.gy = goal[4];
        this.gz = goal[5];
    }

    /** The task System 2's scores name. */
    public TaskFamily task() {
        return task;
    }

    @Override
    public double cost(float[] d, int offset, int h) {
        int s = WamSpec.DECODED_DIM;
        double sum = 0;
        for (int k = 1; k <= h; k++) {
            int o = offset + k * s;
            double ex = d[o], ey = d[o + 1], ez = d[o + 2];
            double ox = d[o + 4], oy = d[o + 5], oz = d[o + 6];
            double c = switch (task) {
                case REACH -> dist(ex, ey, ez, gx, gy, gz);
                case PICK_LIFT -> 0.5 * dist(ex, ey, ez, ox, oy, oz) + Math.max(0, gz + LIFT_M - oz);
                default -> 0.5 * dist(ex, ey, ez, ox, oy, oz) + dist(ox, oy, oz, gx, gy, gz);
            };
            sum += c + PROGRESS_WEIGHT * (1 - Math.max(0, Math.min(1, d[o + 7])));
        }
        return sum / h;
    }

    private static double dist(double ax, double ay, double az, double bx, double by, double bz) {
        double x = ax - bx, y = ay - by, z = az - bz;
        return Math.sqrt(x * x + y * y + z * z);
    }
}
