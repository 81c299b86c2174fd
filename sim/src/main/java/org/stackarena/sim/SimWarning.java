package org.stackarena.sim;

/**
 * A MuJoCo warning observed during a step: simulation instability (bad qpos/qvel/qacc, after
 * which MuJoCo resets the state), a full contact or constraint buffer, a singular inertia.
 *
 * @param kind which warning (MuJoCo's {@code mjtWarning})
 * @param info MuJoCo's extra integer (for example the offending DOF index)
 * @param time simulation time at which it was seen, in seconds
 */
public record SimWarning(Kind kind, int info, double time) {

    /** MuJoCo's warning kinds, in {@code mjtWarning} order. */
    public enum Kind {
        /** (near) singular inertia matrix */
        INERTIA,
        /** too many contacts in the contact list */
        CONTACT_FULL,
        /** too many constraints */
        CONSTRAINT_FULL,
        /** too many visual geoms */
        VGEOM_FULL,
        /** bad number in qpos: unstable */
        BAD_QPOS,
        /** bad number in qvel: unstable */
        BAD_QVEL,
        /** bad number in qacc: unstable */
        BAD_QACC,
        /** bad number in ctrl */
        BAD_CTRL;

        /** @return true for the kinds that mean the simulation diverged and was reset */
        public boolean isInstability() {
            return this == BAD_QPOS || this == BAD_QVEL || this == BAD_QACC;
        }
    }

    @Override
    public String toString() {
        return kind + " (info " + info + ") at t=" + time + " s";
    }
}
