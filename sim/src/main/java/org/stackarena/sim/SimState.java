package org.stackarena.sim;

import java.util.Arrays;

/**
 * A full copy of a simulation's dynamic state: enough to restore it and continue the exact same
 * trajectory, bit for bit (time, qpos, qvel, act, ctrl, the solver's warm start, applied forces and
 * mocap poses). Create one with {@link Simulation#newState()} and fill it with
 * {@link Simulation#saveState(SimState)}, which allocates nothing.
 */
public final class SimState {
    double time;
    final double[] qpos;
    final double[] qvel;
    final double[] act;
    final double[] ctrl;
    final double[] qaccWarmstart;
    final double[] qfrcApplied;
    final double[] xfrcApplied;
    final double[] mocapPos;
    final double[] mocapQuat;

    SimState(int nq, int nv, int na, int nu, int nbody, int nmocap) {
        qpos = new double[nq];
        qvel = new double[nv];
        act = new double[na];
        ctrl = new double[nu];
        qaccWarmstart = new double[nv];
        qfrcApplied = new double[nv];
        xfrcApplied = new double[6 * nbody];
        mocapPos = new double[3 * nmocap];
        mocapQuat = new double[4 * nmocap];
    }

    /** @return simulation time of this state, seconds */
    public double time() {
        return time;
    }

    /** @return a copy of the joint positions */
    public double[] qpos() {
        return qpos.clone();
    }

    /** @return a copy of the joint velocities */
    public double[] qvel() {
        return qvel.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimState s
            && Double.doubleToLongBits(time) == Double.doubleToLongBits(s.time)
            && Arrays.equals(qpos, s.qpos) && Arrays.equals(qvel, s.qvel) && Arrays.equals(act, s.act)
            && Arrays.equals(ctrl, s.ctrl) && Arrays.equals(qaccWarmstart, s.qaccWarmstart)
            && Arrays.equals(qfrcApplied, s.qfrcApplied) && Arrays.equals(xfrcApplied, s.xfrcApplied)
            && Arrays.equals(mocapPos, s.mocapPos) && Arrays.equals(mocapQuat, s.mocapQuat);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(time) + Arrays.hashCode(qpos) + 17 * Arrays.hashCode(qvel);
    }
}
