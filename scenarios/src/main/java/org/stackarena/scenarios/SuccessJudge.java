package org.stackarena.scenarios;

import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;
import org.stackarena.sim.robot.RobotDescriptor;

/**
 * Judges an episode on ground-truth state, after every physics step: success when the scenario's
 * predicate has held for its hold time, early failure when the named object leaves the table, and
 * at the time limit a specific reason (wrong object, dropped, or plain timeout). Also counts
 * collisions: onsets of contact between the robot and the table or an object it was not told to
 * handle. Only the harness uses this; stacks never see ground truth.
 */
public final class SuccessJudge {

    /** Where an episode stands. */
    public enum Status {
        /** still going */
        RUNNING,
        /** the predicate held for its hold time */
        SUCCESS,
        /** failed, with a reason */
        FAILURE
    }

    /**
     * @param status where the episode stands
     * @param reason failure reason, or null
     * @param timeS sim time of the verdict
     */
    public record Verdict(Status status, String reason, double timeS) {}

    /** Table extent in the world frame (its collision plane is infinite). */
    static final double TABLE_X_MIN = -0.2, TABLE_X_MAX = 1.0, TABLE_Y_ABS = 0.45;
    /** An object whose bottom is this high has been lifted. */
    static final double LIFTED_M = 0.03;
    /** An object whose bottom is this low is resting on the table. */
    static final double RESTING_M = 0.012;

    private final EpisodeInstance episode;
    private final Simulation sim;
    private final String predicate;
    private final double hold;
    private final int objectBody, objectGeom, supportBody, eeSite, robotRoot, tableGeom;
    private final int[] distractorBodies, distractorGeoms;
    private final boolean[] robotGeom;
    private final double objectHalfZ, supportHalfZ;
    private final double[] p = new double[3], q = new double[3], ee = new double[3];

    private double holdingSince = Double.NaN;
    private double maxObjectLift;
    private int collisions;
    private boolean robotTouchingScene;

    /**
     * @param episode the episode being judged
     * @param sim its simulation, built by {@link SceneBuilder}
     */
    public SuccessJudge(EpisodeInstance episode, Simulation sim) {
        this.episode = episode;
        this.sim = sim;
        this.predicate = episode.success().predicate();
        this.hold = episode.success().holdS();
        EpisodeInstance.PlacedObject o = episode.object();
        objectBody = sim.id(ObjType.BODY, o.bodyName());
        objectGeom = sim.id(ObjType.GEOM, o.bodyName());
        objectHalfZ = o.halfExtents()[2];
        EpisodeInstance.PlacedObject s = episode.support();
        supportBody = s == null ? -1 : sim.id(ObjType.BODY, s.bodyName());
        supportHalfZ = s == null ? 0 : s.halfExtents()[2];
        RobotDescriptor robot = RobotDescriptor.load(episode.robot());
        eeSite = sim.id(ObjType.SITE, robot.eeSite());
        robotRoot = sim.rootBody(sim.jointBody(sim.id(ObjType.JOINT, robot.joints().get(0))));
        tableGeom = sim.id(ObjType.GEOM, "table/top");
        var distractors = episode.objects().stream().filter(x -> x.role() == EpisodeInstance.Role.DISTRACTOR).toList();
        distractorBodies = new int[distractors.size()];
        distractorGeoms = new int[distractors.size()];
        for (int i = 0; i < distractors.size(); i++) {
            distractorBodies[i] = sim.id(ObjType.BODY, distractors.get(i).bodyName());
            distractorGeoms[i] = sim.id(ObjType.GEOM, distractors.get(i).bodyName());
        }
        robotGeom = new boolean[sim.ngeom()];
        for (int g = 0; g < robotGeom.length; g++) {
            robotGeom[g] = sim.rootBody(sim.geomBody(g)) == robotRoot;
        }
    }

    /**
     * Updates the verdict from the current state; call after every physics step.
     *
     * @return RUNNING, SUCCESS once the predicate has held long enough, or FAILURE (object off the table)
     */
    public Verdict update() {
        double t = sim.time();
        countCollisions();
        sim.readBodyPos(objectBody, p);
        maxObjectLift = Math.max(maxObjectLift, p[2] - objectHalfZ);
        if (offTable(p) || supportBody >= 0 && offTable(read(supportBody, q))) {
            return new Verdict(Status.FAILURE, "object_off_table", t);
        }
        if (holds()) {
            if (Double.isNaN(holdingSince)) {
                holdingSince = t;
            }
            if (t - holdingSince >= hold - 1e-9) {
                return new Verdict(Status.SUCCESS, null, t);
            }
        } else {
            holdingSince = Double.NaN;
        }
        return new Verdict(Status.RUNNING, null, t);
    }

    /** @return the failure reason when the time limit is reached without success */
    public Verdict timeout() {
        double t = sim.time();
        for (int i = 0; i < distractorBodies.length; i++) {
            read(distractorBodies[i], q);
            boolean wrong = switch (predicate) {
                case "object_lifted" -> q[2] - distractorHalfZ(i) > LIFTED_M;
                case "object_in_region" -> inPad(q);
                case "object_on_object" -> supportBody >= 0 && onSupport(q, distractorHalfZ(i));
                default -> false;
            };
            if (wrong) {
                return new Verdict(Status.FAILURE, "wrong_object", t);
            }
        }
        sim.readBodyPos(objectBody, p);
        boolean carried = !"ee_near_object".equals(predicate) && !"object_in_region".equals(predicate) || Boolean.TRUE.equals(episode.success().requireRelease());
        if (carried && maxObjectLift > LIFTED_M && p[2] - objectHalfZ < RESTING_M) {
            return new Verdict(Status.FAILURE, "dropped", t);
        }
        return new Verdict(Status.FAILURE, "timeout", t);
    }

    /** @return contact onsets between the robot and the table or a distractor so far */
    public int collisions() {
        return collisions;
    }

    private double distractorHalfZ(int i) {
        return episode.objects().stream().filter(x -> x.role() == EpisodeInstance.Role.DISTRACTOR).toList()
            .get(i).halfExtents()[2];
    }

    private boolean holds() {
        switch (predicate) {
            case "ee_near_object" -> {
                sim.readSitePos(eeSite, ee);
                double dx = ee[0] - p[0], dy = ee[1] - p[1], dz = ee[2] - (p[2] + objectHalfZ);
                return Math.sqrt(dx * dx + dy * dy + dz * dz) <= episode.success().radiusM();
            }
            case "object_lifted" -> {
                return p[2] - objectHalfZ >= episode.success().liftM();
            }
            case "object_in_region" -> {
                boolean resting = p[2] - objectHalfZ < RESTING_M;
                return inPad(p) && resting && (!Boolean.TRUE.equals(episode.success().requireRelease()) || !robotTouchesObject());
            }
            case "object_on_object" -> {
                return onSupport(p, objectHalfZ) && !robotTouchesObject();
            }
            default -> throw new IllegalStateException("unknown predicate " + predicate);
        }
    }

    private boolean inPad(double[] pos) {
        EpisodeInstance.Pad pad = episode.pad();
        return Math.hypot(pos[0] - pad.x(), pos[1] - pad.y()) <= pad.radiusM();
    }

    private boolean onSupport(double[] pos, double halfZ) {
        read(supportBody, q);
        double[] sh = episode.support().halfExtents();
        boolean over = Math.hypot(pos[0] - q[0], pos[1] - q[1]) <= 0.8 * Math.min(sh[0], sh[1]);
        double expectedZ = q[2] + supportHalfZ + halfZ;
        return over && Math.abs(pos[2] - expectedZ) < 0.01;
    }

    private boolean robotTouchesObject() {
        for (int i = 0, n = sim.contactCount(); i < n; i++) {
            int g1 = sim.contactGeom1(i), g2 = sim.contactGeom2(i);
            if (g1 == objectGeom && robotGeom[g2] || g2 == objectGeom && robotGeom[g1]) {
                return true;
            }
        }
        return false;
    }

    private void countCollisions() {
        boolean touching = false;
        for (int i = 0, n = sim.contactCount(); i < n && !touching; i++) {
            int g1 = sim.contactGeom1(i), g2 = sim.contactGeom2(i);
            int other = robotGeom[g1] ? g2 : robotGeom[g2] ? g1 : -1;
            if (other == tableGeom) {
                touching = true;
            }
            for (int d : distractorGeoms) {
                touching |= other == d;
            }
        }
        if (touching && !robotTouchingScene) {
            collisions++;
        }
        robotTouchingScene = touching;
    }

    private static boolean offTable(double[] pos) {
        return pos[0] < TABLE_X_MIN || pos[0] > TABLE_X_MAX || Math.abs(pos[1]) > TABLE_Y_ABS;
    }

    private double[] read(int body, double[] out) {
        sim.readBodyPos(body, out);
        return out;
    }
}
