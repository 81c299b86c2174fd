package org.stackarena.policies;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Temporal ensembling of action chunks (as in ACT, Zhao et al. 2023): every System 1 tick adds its
 * chunk of absolute waypoints; the target for a time is the average of what every chunk still
 * covering that time predicted for it (linear interpolation between its waypoints, the first one
 * interpolated from the pose at the tick). Besides smoothing, this carries the policy through the
 * timed pauses of the demonstrations: a stateless policy at rest predicts "stay, stay, then lift"
 * forever, but the chunks of a second ago already predicted the lift for now.
 */
final class ChunkEnsemble {

    private record Entry(long micros, double[] start, double[][] waypoints) {}

    private final long intervalMicros;
    private final int chunk;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    ChunkEnsemble(int chunk, long intervalMicros) {
        this.chunk = chunk;
        this.intervalMicros = intervalMicros;
    }

    void clear() {
        entries.clear();
    }

    /**
     * Adds a chunk predicted at {@code micros}.
     *
     * @param start the pose at the tick as a waypoint row (position, rotation columns, gripper score)
     * @param waypoints absolute waypoints, {@code intervalMicros} apart, the first one interval ahead
     */
    void add(long micros, double[] start, double[][] waypoints) {
        entries.addLast(new Entry(micros, start, waypoints));
        while (!entries.isEmpty() && entries.peekFirst().micros() < micros - (long) chunk * intervalMicros) {
            entries.removeFirst();
        }
    }

    /** The ensembled waypoint row for {@code micros}, or null when no chunk covers it. */
    double[] at(long micros) {
        double[] sum = null;
        int n = 0;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            double s = (double) (micros - e.micros()) / intervalMicros;   // waypoint j sits at s = j + 1
            if (s < 0 || s > chunk) {
                continue;
            }
            int hi = Math.min(chunk - 1, (int) Math.ceil(s) - 1);
            double[] b = e.waypoints()[Math.max(0, hi)];
            double[] a = hi <= 0 ? e.start() : e.waypoints()[hi - 1];
            double f = hi <= 0 ? Math.min(1, s) : s - hi;
            if (sum == null) {
                sum = new double[b.length];
            }
            for (int i = 0; i < b.length; i++) {
                // the gripper score is not interpolated from the start row (which has none)
                double av = (hi <= 0 && i == b.length - 1) ? b[i] : a[i];
                sum[i] += av + f * (b[i] - av);
            }
            n++;
        }
        if (sum == null) {
            return null;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return sum;
    }
}
