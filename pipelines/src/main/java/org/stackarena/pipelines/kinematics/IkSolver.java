package org.stackarena.pipelines.kinematics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Damped least-squares inverse kinematics for the {@code ee} site (position and orientation),
 * with joint limits and a null-space posture term that pulls towards a rest posture (home).
 *
 * <p>One iteration: {@code dq = J^T (J J^T + lambda^2 I)^-1 e + (I - J^+ J) k (q_rest - q)},
 * where {@code e} stacks the position error and the orientation error
 * {@code 0.5 * sum_k r_k x g_k} over the columns of the current and goal rotations, and
 * {@code J^+} is the damped pseudo-inverse. The step is clipped per joint and the result clamped
 * inside the joint limits. All matrices are preallocated: {@link #step} and {@link #solve}
 * allocate nothing. Not thread-safe.
 */
public final class IkSolver {

  /**
   * Solver settings.
   *
   * @param damping lambda of the damped least squares (m / rad)
   * @param maxStepRad largest joint change per iteration
   * @param postureGain gain of the null-space pull towards the rest posture (per iteration)
   * @param maxLinearError largest position error fed to one iteration (m)
   * @param positionTolerance convergence tolerance on position (m)
   * @param orientationTolerance convergence tolerance on orientation (rad)
   * @param limitMargin distance kept from the joint limits (rad)
   */
  public record Settings(double damping, double maxStepRad, double postureGain, double maxLinearError,
      double positionTolerance, double orientationTolerance, double limitMargin) {

    /** Validates positivity. */
    public Settings {
      if (!(damping > 0) || !(maxStepRad > 0) || postureGain < 0 || !(maxLinearError > 0)
          || !(positionTolerance > 0) || !(orientationTolerance > 0) || limitMargin < 0) {
        throw new IllegalArgumentException("bad IK settings " + this);
      }
    }

    /** Defaults that converge in tens of iterations from home over the work area. */
    public static Settings defaults() {
      return new Settings(0.03, 0.2, 0.05, 0.05, 1e-4, 1e-3, 0.01);
    }
  }

  private final ArmKinematics kin;
  private final int n;
  private final double[] lower;
  private final double[] upper;
  private final double[] rest;
  private final Settings s;

  private final double[] pos = new double[3];
  private final double[] rot = new double[9];
  private final double[] jacArr;
  private final DMatrixRMaj jac;
  private final DMatrixRMaj a = new DMatrixRMaj(6, 6);
  private final DMatrixRMaj e = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj y = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj jz = new DMatrixRMaj(6, 1);
  private final DMatrixRMaj dq;
  private final DMatrixRMaj z;
  private final DMatrixRMaj nz;
  private final LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(6);
  private double positionError;
  private double orientationError;
  private int iterations;

  /**
   * @param kin the arm's kinematics (used as a work object: not shared with other threads)
   * @param lower lower joint limits
   * @param upper upper joint limits
   * @param rest rest posture for the null-space term (e.g. home)
   * @param settings solver settings
   */
  public IkSolver(ArmKinematics kin, double[] lower, double[] upper, double[] rest, Settings settings) {
    this.kin = kin;
    this.n = kin.dof();
    if (lower.length != n || upper.length != n || rest.length != n) {
      throw new IllegalArgumentException(kin.robot() + ": limits and rest posture need " + n + " values");
    }
    this.lower = lower.clone();
    this.upper = upper.clone();
    this.rest = rest.clone();
    this.s = settings;
    this.jacArr = new double[6 * n];
    this.jac = DMatrixRMaj.wrap(6, n, jacArr);
    this.dq = new DMatrixRMaj(n, 1);
    this.z = new DMatrixRMaj(n, 1);
    this.nz = new DMatrixRMaj(n, 1);
  }

  /** The kinematics this solver uses. */
  public ArmKinematics kinematics() {
    return kin;
  }

  /**
   * One DLS iteration towards the goal, modifying {@code q} in place.
   *
   * @param q joint angles (read and written)
   * @param goalPos goal position (read)
   * @param goalRot goal rotation, row-major, columns = site axes (read)
   * @return the position error before the step (m); {@link #orientationError()} holds the
   *     orientation error before the step
   */
  public double step(double[] q, double[] goalPos, double[] goalRot) {
    kin.jacobian(q, pos, rot, jacArr);
    double ex = goalPos[0] - pos[0], ey = goalPos[1] - pos[1], ez = goalPos[2] - pos[2];
    double pe = Math.sqrt(ex * ex + ey * ey + ez * ez);
    double scale = pe > s.maxLinearError() ? s.maxLinearError() / pe : 1;
    e.data[0] = ex * scale;
    e.data[1] = ey * scale;
    e.data[2] = ez * scale;
    double wx = 0, wy = 0, wz = 0;
    for (int k = 0; k < 3; k++) {
      double rx = rot[k], ry = rot[3 + k], rz = rot[6 + k];
      double gx = goalRot[k], gy = goalRot[3 + k], gz = goalRot[6 + k];
      wx += ry * gz - rz * gy;
      wy += rz * gx - rx * gz;
      wz += rx * gy - ry * gx;
    }
    e.data[3] = 0.5 * wx;
    e.data[4] = 0.5 * wy;
    e.data[5] = 0.5 * wz;
    positionError = pe;
    orientationError = Math.asin(Math.min(1, Math.sqrt(e.data[3] * e.data[3] + e.data[4] * e.data[4]
        + e.data[5] * e.data[5])));
    // a = J J^T + lambda^2 I
    CommonOps_DDRM.multTransB(jac, jac, a);
    double l2 = s.damping() * s.damping();
    for (int i = 0; i < 6; i++) {
      a.data[i * 7] += l2;
    }
    if (!solver.setA(a)) {
      return pe;
    }
    solver.solve(e, y);
    CommonOps_DDRM.multTransA(jac, y, dq);
    // null-space posture: z - J^T A^-1 J z. The damped projector leaks a little of z into the
    // task space, so the posture gain fades with the task error (no steady-state bias at the goal).
    double fade = Math.min(1, (pe + 0.1 * orientationError) / 0.005);
    for (int i = 0; i < n; i++) {
      z.data[i] = fade * s.postureGain() * (rest[i] - q[i]);
    }
    CommonOps_DDRM.mult(jac, z, jz);
    solver.solve(jz, y);
    CommonOps_DDRM.multTransA(jac, y, nz);
    for (int i = 0; i < n; i++) {
      double d = dq.data[i] + z.data[i] - nz.data[i];
      d = Math.max(-s.maxStepRad(), Math.min(s.maxStepRad(), d));
      q[i] = Math.max(lower[i] + s.limitMargin(), Math.min(upper[i] - s.limitMargin(), q[i] + d));
    }
    return pe;
  }

  /**
   * Iterates {@link #step} from {@code q} until within tolerance or {@code maxIterations}.
   *
   * @param q seed on entry, solution on exit (written)
   * @param goalPos goal position (read)
   * @param goalRot goal rotation (read)
   * @param maxIterations iteration budget
   * @return true when the final pose is within the position and orientation tolerances; false
   *     means the goal is unreachable (out of reach or beyond the joint limits) from this seed,
   *     and {@code q} holds the closest configuration found
   */
  public boolean solve(double[] q, double[] goalPos, double[] goalRot, int maxIterations) {
    iterations = 0;
    for (int it = 0; it < maxIterations; it++) {
      step(q, goalPos, goalRot);
      iterations++;
      if (positionError < s.positionTolerance() && orientationError < s.orientationTolerance()) {
        return true;
      }
    }
    kin.forward(q, pos, rot);
    positionError = Math.sqrt(sq(goalPos[0] - pos[0]) + sq(goalPos[1] - pos[1]) + sq(goalPos[2] - pos[2]));
    return positionError < s.positionTolerance() && orientationError < s.orientationTolerance();
  }

  private static double sq(double v) {
    return v * v;
  }

  /** Position error (m) measured at the last iteration. */
  public double positionError() {
    return positionError;
  }

  /** Orientation error (rad) measured at the last iteration. */
  public double orientationError() {
    return orientationError;
  }

  /** Iterations used by the last {@link #solve}. */
  public int iterations() {
    return iterations;
  }
}
