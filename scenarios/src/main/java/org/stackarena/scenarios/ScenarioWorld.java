package org.stackarena.scenarios;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.stackarena.sim.SimWarning;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;
import org.stackarena.api.harness.Verdict;
import org.stackarena.api.harness.World;
import org.stackarena.sim.render.RenderNoise;
import org.stackarena.sim.render.Renderer;
import org.stackarena.sim.render.RgbdImage;
import org.stackarena.sim.robot.RobotDescriptor;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.Intrinsics;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;
import org.stackarena.api.Rotations;

/**
 * The harness's {@link World} for one scenario, robot and condition, over MuJoCo: each
 * {@link #reset(long)} realises the episode for that seed, compiles its scene, puts the robot at
 * home, and from then on steps physics, applies the condition's pushes, renders cameras (with the
 * condition's sensor noise and camera jitter; stacks are told the nominal camera pose) and judges
 * success on ground truth.
 *
 * <p>Action spaces: {@code JOINT_POSITION} sets the arm's position-servo setpoints (clamped to
 * their range); {@code EE_POSE} sets a Cartesian goal, position x, y, z and the rotation of the
 * rotation vector rx, ry, rz (the frame of {@link #proprioception()}'s end-effector pose), which a
 * damped least-squares IK step tracks at every physics step with gravity compensated, like a
 * robot's Cartesian controller. {@code EE_DELTA} never reaches a world: the harness integrates it
 * into EE_POSE ({@link org.stackarena.api.harness.EeDeltaIntegrator}), and this world rejects it.
 * {@code JOINT_TORQUE} is not offered by these position-controlled arms. The gripper command
 * maps 0..1 to the gripper actuator's open..closed setpoint.
 *
 * <p>Not thread-safe; the renderer belongs to the thread that first renders.
 */
public final class ScenarioWorld implements World {

    /** Cameras a scene has: the scene's front camera and, when the robot has one, its hand camera as {@code wrist}. */
    public static final List<String> CAMERAS = List.of("front", "wrist");

    private final Scenario scenario;
    private final Condition condition;
    private final RobotDescriptor robot;
    private final int imageWidth, imageHeight;
    private final GroundTruth groundTruth = new ScenarioGroundTruth(this);
    /**
     * The physics step of every scene ({@code <option timestep>} of the scene templates), reported by
     * {@link #dt()} before the first reset has built one (stack providers are created before it).
     */
    static final double SCENE_TIMESTEP = 0.002;

    private EpisodeInstance episode;
    private Simulation sim;
    private Renderer renderer;
    private RgbdImage frame;
    private SuccessJudge judge;
    private RenderNoise noise;
    private Random noiseRng;
    private RobotDescription description;

    private int[] jointQpos, jointDof, actuators;
    private int gripperActuator, fingerLeftQpos, fingerRightQpos, eeSite, objectBody;
    private double[] ctrlLow, ctrlHigh, kp;
    private final double[] ee = new double[3], rot = new double[9];

    // Cartesian (EE_POSE) controller state, preallocated
    private Action lastPoseAction;
    private final double[] goalPos = new double[3], goalRot = new double[9], rotationVector = new double[3];
    private double[] jacp, jacr;
    private DMatrixRMaj jac, jjt, err, tmp, dq;
    private LinearSolverDense<DMatrixRMaj> solver;

    private long warnings;
    private final double[] wrench = new double[6];
    private double physicsDt = SCENE_TIMESTEP;

    /**
     * @param scenario the scenario
     * @param robotId a robot the scenario lists
     * @param condition lab, field or a user's condition
     * @param imageWidth camera image width in pixels
     * @param imageHeight camera image height in pixels
     */
    public ScenarioWorld(Scenario scenario, String robotId, Condition condition, int imageWidth, int imageHeight) {
        if (!scenario.runsOn(robotId)) {
            throw new IllegalArgumentException("scenario " + scenario.id() + " does not run on robot " + robotId);
        }
        this.scenario = scenario;
        this.condition = condition;
        this.robot = RobotDescriptor.load(robotId);
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
    }

    /**
     * Steps physics at {@code seconds} instead of the scenes' 2 ms (from the next reset), e.g. 0.001 so that
     * a 1 kHz controller ticks every step.
     *
     * @return this
     * @throws IllegalArgumentException unless a positive whole number of microseconds
     */
    public ScenarioWorld withPhysicsStep(double seconds) {
        long us = Math.round(seconds * 1e6);
        if (!(seconds > 0) || us <= 0 || Math.abs(us - seconds * 1e6) > 1e-6) {
            throw new IllegalArgumentException("physics step must be a positive whole number of microseconds, got "
                + seconds + " s");
        }
        this.physicsDt = seconds;
        return this;
    }

    @Override
    public void reset(long seed) {
        closeSim();
        episode = Realiser.realise(scenario, robot.id(), seed, condition);
        sim = SceneBuilder.build(episode);
        if (physicsDt != SCENE_TIMESTEP) {
            sim.setTimestep(physicsDt);
        }
        judge = new SuccessJudge(episode, sim);
        EpisodeInstance.Sensing s = episode.sensing();
        noise = s.clean() ? RenderNoise.NONE
            : new RenderNoise(s.pixelSigma(), s.depthSigmaM(), s.depthDropout(), s.jitterPosM(), s.jitterRotDeg(), 0);
        noiseRng = new Random(s.noiseSeed());
        int dof = robot.dof();
        jointQpos = new int[dof];
        jointDof = new int[dof];
        actuators = new int[dof];
        ctrlLow = new double[dof];
        ctrlHigh = new double[dof];
        kp = new double[dof];
        double[] lower = new double[dof], upper = new double[dof], torque = new double[dof], r = new double[2];
        for (int j = 0; j < dof; j++) {
            int joint = sim.id(ObjType.JOINT, robot.joints().get(j));
            jointQpos[j] = sim.jointQposAddress(joint);
            jointDof[j] = sim.jointDofAddress(joint);
            actuators[j] = sim.id(ObjType.ACTUATOR, robot.actuators().get(j));
            sim.readJointRange(joint, r);
            lower[j] = r[0];
            upper[j] = r[1];
            sim.readActuatorCtrlRange(actuators[j], r);
            ctrlLow[j] = r[0];
            ctrlHigh[j] = r[1];
            kp[j] = sim.actuatorGain(actuators[j]);
            sim.readActuatorForceRange(actuators[j], r);
            torque[j] = Math.max(Math.abs(r[0]), Math.abs(r[1]));
        }
        description = new RobotDescription(robot.id(), robot.joints(), lower, upper, torque, robot.maxGripWidthM(),
            robot.kinematics());
        gripperActuator = sim.id(ObjType.ACTUATOR, robot.gripperActuator());
        fingerLeftQpos = sim.jointQposAddress(sim.id(ObjType.JOINT, robot.gripperJoints().get(0)));
        fingerRightQpos = sim.jointQposAddress(sim.id(ObjType.JOINT, robot.gripperJoints().get(1)));
        eeSite = sim.id(ObjType.SITE, robot.eeSite());
        objectBody = sim.id(ObjType.BODY, episode.object().bodyName());
        int nv = sim.nv();
        jacp = new double[3 * nv];
        jacr = new double[3 * nv];
        jac = new DMatrixRMaj(6, dof);
        jjt = new DMatrixRMaj(6, 6);
        err = new DMatrixRMaj(6, 1);
        tmp = new DMatrixRMaj(6, 1);
        dq = new DMatrixRMaj(dof, 1);
        solver = LinearSolverFactory_DDRM.symmPosDef(6);
        lastPoseAction = null;
        warnings = sim.warningCount();
    }

    /** @return the current episode (after reset) */
    public EpisodeInstance episode() {
        return episode;
    }

    @Override
    public Optional<GroundTruth> groundTruth() {
        return Optional.of(groundTruth);
    }

    /** @return the simulation of the current episode, for privileged code (data collection, tests) */
    public Simulation simulation() {
        return sim;
    }

    @Override
    public double dt() {
        return sim != null ? sim.timestep() : physicsDt;
    }

    @Override
    public double time() {
        return sim.time();
    }

    @Override
    public double timeLimit() {
        return episode.timeLimitS();
    }

    @Override
    public String instruction() {
        return episode.instruction();
    }

    @Override
    public RobotDescription robot() {
        if (description == null) {
            // joint limits are read from the built model: before the first episode, build one (seed 0);
            // the harness resets again at each episode's start
            reset(0);
        }
        return description;
    }

    @Override
    public List<String> cameras() {
        return robot.wristCamera() == null ? CAMERAS.subList(0, 1) : CAMERAS;
    }

    @Override
    public Proprioception proprioception() {
        int dof = robot.dof();
        double[] q = new double[dof];
        double[] qd = new double[dof];
        for (int j = 0; j < dof; j++) {
            q[j] = sim.qpos(jointQpos[j]);
            qd[j] = sim.qvel(jointDof[j]);
        }
        double width = sim.qpos(fingerLeftQpos) + sim.qpos(fingerRightQpos);
        double[] pos = new double[3];
        sim.readSitePos(eeSite, pos);
        sim.readSiteRot(eeSite, rot);
        return new Proprioception(q, qd, width, pos, quaternion(rot), micros());
    }

    @Override
    public CameraFrame render(String camera) {
        if (!cameras().contains(camera)) {
            throw new IllegalArgumentException("no camera '" + camera + "' (have: " + cameras() + ")");
        }
        // "wrist" is the robot's hand camera, whatever its MJCF calls it
        int cam = sim.id(ObjType.CAMERA, camera.equals("wrist") ? robot.wristCamera() : camera);
        if (renderer == null) {
            renderer = new Renderer(sim, imageWidth, imageHeight);
            frame = new RgbdImage(imageWidth, imageHeight);
        }
        renderer.render(cam, frame, noise, noiseRng);
        return new CameraFrame(camera, imageWidth, imageHeight, frame.rgb().clone(), frame.depth().clone(),
            frame.intrinsics(), frame.cameraPos().clone(), frame.cameraRot().clone(), micros());
    }

    @Override
    public void apply(Action action, ActionSpace space) {
        switch (space.type()) {
            case JOINT_POSITION -> {
                double[] v = action.values();
                for (int j = 0; j < actuators.length; j++) {
                    sim.setCtrl(actuators[j], Math.max(ctrlLow[j], Math.min(ctrlHigh[j], v[j])));
                }
            }
            case EE_POSE -> applyEePose(action);
            case EE_DELTA -> throw new IllegalArgumentException("EE_DELTA reaches a world only as EE_POSE: "
                + "run stacks through the EpisodeRunner, whose EeDeltaIntegrator integrates their deltas");
            case JOINT_TORQUE -> throw new UnsupportedOperationException(
                "robot " + robot.id() + " has position-servo actuators: use JOINT_POSITION, EE_POSE or EE_DELTA");
        }
        double g = Math.max(0, Math.min(1, action.gripper()));
        sim.setCtrl(gripperActuator, robot.gripperOpen() + g * (robot.gripperClosed() - robot.gripperOpen()));
    }

    private void applyEePose(Action a) {
        if (a != lastPoseAction) {
            double[] v = a.values();
            lastPoseAction = a;
            System.arraycopy(v, 0, goalPos, 0, 3);
            rotationVector[0] = v[3];
            rotationVector[1] = v[4];
            rotationVector[2] = v[5];
            Rotations.rotationVectorToMatrix(rotationVector, goalRot);
        }
        trackGoal();
    }

    /**
     * One damped least-squares step toward the Cartesian goal, written as servo setpoints with the
     * bias force (gravity) compensated, so a zero EE delta holds the pose.
     */
    private void trackGoal() {
        sim.readSitePos(eeSite, ee);
        sim.readSiteRot(eeSite, rot);
        sim.siteJacobian(eeSite, jacp, jacr);
        int nv = sim.nv();
        for (int j = 0; j < actuators.length; j++) {
            int d = jointDof[j];
            for (int r = 0; r < 3; r++) {
                jac.set(r, j, jacp[r * nv + d]);
                jac.set(r + 3, j, jacr[r * nv + d]);
            }
        }
        for (int i = 0; i < 3; i++) {
            err.set(i, 0, goalPos[i] - ee[i]);
        }
        // orientation error: 0.5 * sum_k (r_k x g_k) over the columns of current and goal rotations
        double ex = 0, ey = 0, ez = 0;
        for (int k = 0; k < 3; k++) {
            double rx = rot[k], ry = rot[3 + k], rz = rot[6 + k];
            double gx = goalRot[k], gy = goalRot[3 + k], gz = goalRot[6 + k];
            ex += ry * gz - rz * gy;
            ey += rz * gx - rx * gz;
            ez += rx * gy - ry * gx;
        }
        err.set(3, 0, 0.5 * ex);
        err.set(4, 0, 0.5 * ey);
        err.set(5, 0, 0.5 * ez);
        // dq = J^T (J J^T + lambda^2 I)^-1 err
        CommonOps_DDRM.multTransB(jac, jac, jjt);
        for (int i = 0; i < 6; i++) {
            jjt.add(i, i, 1e-4);
        }
        if (!solver.setA(jjt)) {
            return;
        }
        solver.solve(err, tmp);
        CommonOps_DDRM.multTransA(jac, tmp, dq);
        for (int j = 0; j < actuators.length; j++) {
            // gravity compensation through the servo setpoint: without it the servo settles short by
            // bias/kp, a steady offset from the goal (and, when goals were re-anchored at the measured
            // pose, a drift of about 1 cm/s down and towards the base while "holding")
            double sag = kp[j] > 0 ? sim.biasForce(jointDof[j]) / kp[j] : 0;
            double target = sim.qpos(jointQpos[j]) + dq.get(j, 0) + sag;
            sim.setCtrl(actuators[j], Math.max(ctrlLow[j], Math.min(ctrlHigh[j], target)));
        }
    }

    @Override
    public Optional<String> step() {
        applyPushes();
        sim.step();
        if (sim.warningCount() != warnings) {
            warnings = sim.warningCount();
            SimWarning w = sim.lastWarning();
            if (w.kind().isInstability()) {
                return Optional.of(w.toString());
            }
        }
        return Optional.empty();
    }

    private void applyPushes() {
        double t = sim.time();
        double fx = 0, fy = 0;
        for (EpisodeInstance.Push p : episode.pushes()) {
            if (t >= p.startS() && t < p.startS() + p.durationS()) {
                fx += p.fx();
                fy += p.fy();
            }
        }
        if (!episode.pushes().isEmpty()) {
            wrench[0] = fx;
            wrench[1] = fy;
            sim.setBodyWrench(objectBody, wrench);
        }
    }

    @Override
    public Verdict judge() {
        SuccessJudge.Verdict v = judge.update();
        if (v.status() == SuccessJudge.Status.SUCCESS) {
            return Verdict.success();
        }
        if (v.status() == SuccessJudge.Status.FAILURE) {
            return Verdict.failure(v.reason());
        }
        if (sim.time() >= episode.timeLimitS() - 1e-9) {
            return Verdict.failure(judge.timeout().reason());
        }
        return Verdict.inProgress();
    }

    @Override
    public double[] eePosition() {
        double[] p = new double[3];
        sim.readSitePos(eeSite, p);
        return p;
    }

    @Override
    public long collisions() {
        return judge == null ? 0 : judge.collisions();
    }

    private long micros() {
        return Math.round(sim.time() * 1e6);
    }

    private void closeSim() {
        if (renderer != null) {
            renderer.close();
            renderer = null;
        }
        if (sim != null) {
            sim.close();
            sim = null;
        }
    }

    @Override
    public void close() {
        closeSim();
    }

    /** @return the unit quaternion (w, x, y, z) of a row-major rotation matrix */
    static double[] quaternion(double[] m) {
        double[] q = new double[4];
        Rotations.matrixToQuaternion(m, q);
        return q;
    }
}
