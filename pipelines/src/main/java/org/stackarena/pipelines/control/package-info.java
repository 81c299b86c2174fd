/**
 * The joint-level controller: tracks a minimum-jerk Cartesian segment with damped least-squares
 * IK at control rate and produces joint-position setpoints for the arm's position servos.
 * Allocation-free per tick apart from the published action. Depends on {@code kinematics},
 * {@code trajectory} and {@code planning} (the command type).
 */
package org.stackarena.pipelines.control;
