package org.stackarena.sim;

import static org.stackarena.sim.mujoco.global.mujoco.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.stackarena.sim.mujoco.global.mujoco;

/**
 * One MuJoCo model and its data: load, step, reset, read and write state, query kinematics.
 *
 * <p>This is the only class the rest of StackArena uses to reach MuJoCo physics. It owns the
 * native {@code mjModel} and {@code mjData} and frees them exactly once in {@link #close()};
 * use it in try-with-resources. It is not thread-safe: give each worker thread its own.
 *
 * <p>MuJoCo's fatal errors ({@code mju_error}, which would call {@code exit(1)}) raised while
 * stepping become a {@link SimulationException}, after which the data is reset and the object
 * stays usable. MuJoCo warnings (instability, full contact buffer) are observed after every
 * step and reported through {@link #lastWarning()} and {@link #warningCount()}.
 *
 * <p>Hot-path methods ({@link #step()}, the {@code read*} methods taking an output array,
 * {@link #setCtrl(int, double)}) allocate nothing: native pointers are fetched once here.
 * Methods that fill an array say so; the array must be large enough.
 */
public final class Simulation implements AutoCloseable {

    /** Kinds of named model elements, for {@link #id(ObjType, String)}. */
    public enum ObjType {
        BODY(mjOBJ_BODY), JOINT(mjOBJ_JOINT), GEOM(mjOBJ_GEOM), SITE(mjOBJ_SITE),
        CAMERA(mjOBJ_CAMERA), LIGHT(mjOBJ_LIGHT), ACTUATOR(mjOBJ_ACTUATOR), SENSOR(mjOBJ_SENSOR),
        TENDON(mjOBJ_TENDON), KEY(mjOBJ_KEY), MATERIAL(mjOBJ_MATERIAL), EQUALITY(mjOBJ_EQUALITY);

        final int code;

        ObjType(int code) {
            this.code = code;
        }
    }

    /** MuJoCo's model compiler swaps the global error handler while it runs: load one at a time. */
    private static final ReentrantLock LOAD_LOCK = new ReentrantLock();
    private static volatile boolean nativesLoaded;

    private final String name;
    private mjModel model;
    private mjData data;
    private final int nq, nv, nu, na, nbody, nmocap, nsensordata;

    // Native views fetched once; reading through them allocates nothing.
    private final DoublePointer qpos, qvel, ctrl, act, qaccWarmstart, qfrcApplied, xfrcApplied, qfrcBias;
    private final DoublePointer mocapPos, mocapQuat, sensordata, xpos, xquat, siteXpos, siteXmat;
    private final DoublePointer geomXpos, camXpos, camXmat;
    private final IntPointer sensorAdr, sensorDim, jntQposAdr, jntDofAdr, geomBodyId, bodyRootId;
    private final mjContact contacts;
    private final DoublePointer jacpBuf, jacrBuf;

    private int lastWarningTotal;
    private long warningCount;
    private SimWarning lastWarning;

    private Simulation(String name, mjModel model) {
        this.name = name;
        this.model = model;
        mjData d = sa_make_data(model);
        if (d == null || d.isNull()) {
            String msg = sa_last_error().getString();
            mj_deleteModel(model);
            throw new ModelLoadException(name, "cannot allocate simulation data: " + msg);
        }
        this.data = d;
        nq = model.nq();
        nv = model.nv();
        nu = model.nu();
        na = model.na();
        nbody = model.nbody();
        nmocap = model.nmocap();
        nsensordata = model.nsensordata();
        qpos = data.qpos();
        qvel = data.qvel();
        ctrl = data.ctrl();
        act = data.act();
        qaccWarmstart = data.qacc_warmstart();
        qfrcApplied = data.qfrc_applied();
        qfrcBias = data.qfrc_bias();
        xfrcApplied = data.xfrc_applied();
        mocapPos = data.mocap_pos();
        mocapQuat = data.mocap_quat();
        sensordata = data.sensordata();
        xpos = data.xpos();
        xquat = data.xquat();
        siteXpos = data.site_xpos();
        siteXmat = data.site_xmat();
        geomXpos = data.geom_xpos();
        camXpos = data.cam_xpos();
        camXmat = data.cam_xmat();
        sensorAdr = model.sensor_adr();
        sensorDim = model.sensor_dim();
        jntQposAdr = model.jnt_qposadr();
        jntDofAdr = model.jnt_dofadr();
        geomBodyId = model.geom_bodyid();
        bodyRootId = model.body_rootid();
        contacts = data.contact();
        jacpBuf = new DoublePointer(3L * Math.max(nv, 1));
        jacrBuf = new DoublePointer(3L * Math.max(nv, 1));
        checkStatus(sa_forward(model, data), "mj_forward");
        lastWarningTotal = sa_warning_total(data);
    }

    /** Loads the JNI library and installs StackArena's MuJoCo error and warning handlers. */
    public static void loadNatives() {
        if (!nativesLoaded) {
            synchronized (Simulation.class) {
                if (!nativesLoaded) {
                    Loader.load(mujoco.class);
                    sa_install_handlers();
                    nativesLoaded = true;
                }
            }
        }
    }

    /** @return MuJoCo's version string, e.g. "2.2.2" */
    public static String mujocoVersion() {
        loadNatives();
        int v = mj_version();
        return (v / 100) + "." + (v / 10 % 10) + "." + (v % 10);
    }

    /**
     * Loads an MJCF (or binary MJB) model from a file. Include files and assets are resolved
     * relative to it.
     *
     * @param file the model file
     * @return a simulation at the model's initial state (after {@code mj_forward})
     * @throws ModelLoadException naming the file when it is missing or MuJoCo rejects it
     */
    public static Simulation load(Path file) {
        loadNatives();
        String shown = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(shown, "no such model file");
        }
        if (!Files.isReadable(file)) {
            throw new ModelLoadException(shown, "model file is not readable");
        }
        return compile(shown, file.toAbsolutePath().toString(), null);
    }

    /**
     * Loads an MJCF model held in memory, with optional in-memory files it includes or refers to
     * (meshes, textures, MJCF fragments) keyed by the file name the XML uses.
     *
     * @param modelName a name for messages, also the virtual file name of the main XML
     * @param xml the MJCF text
     * @param files other virtual files, name to content; may be empty
     * @return a simulation at the model's initial state
     * @throws ModelLoadException naming {@code modelName} when MuJoCo rejects the model
     */
    public static Simulation fromXml(String modelName, String xml, Map<String, byte[]> files) {
        loadNatives();
        String vfsName = modelName.endsWith(".xml") ? modelName : modelName + ".xml";
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(vfsName, xml.getBytes(StandardCharsets.UTF_8));
        try (mjVFS vfs = new mjVFS()) {
            mj_defaultVFS(vfs);
            try {
                for (Map.Entry<String, byte[]> f : all.entrySet()) {
                    byte[] bytes = f.getValue();
                    int rc = mj_makeEmptyFileVFS(vfs, f.getKey(), bytes.length);
                    if (rc != 0) {
                        throw new ModelLoadException(modelName, "cannot add in-memory file '" + f.getKey()
                            + "' (" + (rc == 1 ? "too many files" : "duplicate or bad name") + ")");
                    }
                    int idx = mj_findFileVFS(vfs, f.getKey());
                    new BytePointer(vfs.filedata(idx)).capacity(bytes.length).put(bytes, 0, bytes.length);
                }
                return compile(modelName, vfsName, vfs);
            } finally {
                mj_deleteVFS(vfs);
            }
        }
    }

    private static Simulation compile(String shown, String path, mjVFS vfs) {
        mjModel m;
        String error;
        try (BytePointer err = new BytePointer(2048)) {
            err.zero();
            LOAD_LOCK.lock();
            try {
                m = mj_loadXML(path, vfs, err, (int) err.capacity());
            } finally {
                sa_install_handlers(); // the compiler restores whatever handler it saw on entry
                LOAD_LOCK.unlock();
            }
            String raw = err.getString(); // reads to the buffer's limit: cut at the C string's end
            int nul = raw.indexOf('\0');
            error = nul >= 0 ? raw.substring(0, nul) : raw;
        }
        if (m == null || m.isNull()) {
            throw new ModelLoadException(shown, error.isBlank() ? "MuJoCo could not load the model" : error);
        }
        return new Simulation(shown, m);
    }

    // ------------------------------------------------------------------ stepping and resets

    /**
     * Advances physics by one timestep ({@code mj_step}).
     *
     * @throws SimulationException if MuJoCo raised a fatal error (the data is then reset)
     */
    public void step() {
        int warnings = sa_step(model, data, 1);
        if (warnings != lastWarningTotal) {
            checkStatus(Math.min(warnings, 0), "mj_step");
            observeWarnings();
        }
    }

    /**
     * Advances physics by {@code n} timesteps in one native call. Warnings are checked once at
     * the end.
     *
     * @param n number of steps, at least 0
     */
    public void step(int n) {
        int warnings = sa_step(model, data, n);
        if (warnings != lastWarningTotal) {
            checkStatus(Math.min(warnings, 0), "mj_step");
            observeWarnings();
        }
    }

    /** Recomputes derived quantities (positions, Jacobians, contacts, sensors) for the current state. */
    public void forward() {
        checkStatus(sa_forward(model, data), "mj_forward");
        observeWarnings();
    }

    /** Resets to the model's default state ({@code qpos0}, zero velocity, time 0) and runs forward. */
    public void reset() {
        checkStatus(sa_reset(model, data), "mj_resetData");
        afterReset();
    }

    /**
     * Resets to a keyframe and runs forward.
     *
     * @param keyName the keyframe's name in the model
     * @throws IllegalArgumentException when the model has no such keyframe
     */
    public void resetToKeyframe(String keyName) {
        checkStatus(sa_reset_keyframe(model, data, id(ObjType.KEY, keyName)), "mj_resetDataKeyframe");
        afterReset();
    }

    private void afterReset() {
        checkStatus(sa_forward(model, data), "mj_forward");
        lastWarningTotal = sa_warning_total(data);
    }

    /** @return a new state object sized for this model, to pass to {@link #saveState(SimState)} */
    public SimState newState() {
        return new SimState(nq, nv, na, nu, nbody, nmocap);
    }

    /**
     * Copies the full dynamic state into {@code out} (allocates nothing).
     *
     * @param out state created by {@link #newState()} of this simulation; modified
     * @return {@code out}
     */
    public SimState saveState(SimState out) {
        out.time = data.time();
        qpos.get(out.qpos, 0, nq);
        qvel.get(out.qvel, 0, nv);
        act.get(out.act, 0, na);
        ctrl.get(out.ctrl, 0, nu);
        qaccWarmstart.get(out.qaccWarmstart, 0, nv);
        qfrcApplied.get(out.qfrcApplied, 0, nv);
        xfrcApplied.get(out.xfrcApplied, 0, 6 * nbody);
        mocapPos.get(out.mocapPos, 0, 3 * nmocap);
        mocapQuat.get(out.mocapQuat, 0, 4 * nmocap);
        return out;
    }

    /**
     * Restores a state saved from this simulation and runs forward; stepping on from here
     * reproduces the original trajectory bit for bit.
     *
     * @param state a state from {@link #saveState(SimState)}
     */
    public void restoreState(SimState state) {
        if (state.qpos.length != nq || state.qvel.length != nv || state.ctrl.length != nu) {
            throw new IllegalArgumentException("state was saved from a different model than " + name);
        }
        data.time(state.time);
        qpos.put(state.qpos, 0, nq);
        qvel.put(state.qvel, 0, nv);
        act.put(state.act, 0, na);
        ctrl.put(state.ctrl, 0, nu);
        qaccWarmstart.put(state.qaccWarmstart, 0, nv);
        qfrcApplied.put(state.qfrcApplied, 0, nv);
        xfrcApplied.put(state.xfrcApplied, 0, 6 * nbody);
        mocapPos.put(state.mocapPos, 0, 3 * nmocap);
        mocapQuat.put(state.mocapQuat, 0, 4 * nmocap);
        forward();
        qaccWarmstart.put(state.qaccWarmstart, 0, nv); // mj_forward's solver overwrites the warm start
    }

    // ------------------------------------------------------------------ sizes and names

    /** @return the model name used in messages (file path or in-memory name) */
    public String name() {
        return name;
    }

    /** @return physics timestep in seconds */
    public double timestep() {
        return model.opt().timestep();
    }

    /**
     * Sets the physics timestep ({@code <option timestep>}), e.g. 0.001 for a 1 kHz controller.
     *
     * @throws IllegalArgumentException unless positive and finite
     */
    public void setTimestep(double seconds) {
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("timestep must be positive and finite, got " + seconds);
        }
        model.opt().timestep(seconds);
    }

    /** @return current simulation time in seconds */
    public double time() {
        return data.time();
    }

    /** @return number of position coordinates */
    public int nq() {
        return nq;
    }

    /** @return number of degrees of freedom */
    public int nv() {
        return nv;
    }

    /** @return number of actuators */
    public int nu() {
        return nu;
    }

    /** @return number of bodies, including the world body */
    public int nbody() {
        return nbody;
    }

    /**
     * Finds a named element.
     *
     * @return its index
     * @throws IllegalArgumentException naming the model, the kind and the name when absent
     */
    public int id(ObjType type, String elementName) {
        int id = mj_name2id(model, type.code, elementName);
        if (id < 0) {
            throw new IllegalArgumentException(name + ": no " + type.name().toLowerCase()
                + " named '" + elementName + "' (have: " + String.join(", ", names(type)) + ")");
        }
        return id;
    }

    /** @return the index of a named element, or -1 when absent */
    public int idOrMinus1(ObjType type, String elementName) {
        return mj_name2id(model, type.code, elementName);
    }

    /** @return the name of element {@code id}, or "" when unnamed */
    public String nameOf(ObjType type, int id) {
        BytePointer p = mj_id2name(model, type.code, id);
        return p == null || p.isNull() ? "" : p.getString();
    }

    /** @return all non-empty names of one kind of element, in index order */
    public List<String> names(ObjType type) {
        int count = switch (type) {
            case BODY -> model.nbody();
            case JOINT -> model.njnt();
            case GEOM -> model.ngeom();
            case SITE -> model.nsite();
            case CAMERA -> model.ncam();
            case LIGHT -> model.nlight();
            case ACTUATOR -> model.nu();
            case SENSOR -> model.nsensor();
            case TENDON -> model.ntendon();
            case KEY -> model.nkey();
            case MATERIAL -> model.nmat();
            case EQUALITY -> model.neq();
        };
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String n = nameOf(type, i);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return address of a joint's first coordinate in qpos */
    public int jointQposAddress(int jointId) {
        return jntQposAdr.get(jointId);
    }

    /** @return address of a joint's first DOF in qvel */
    public int jointDofAddress(int jointId) {
        return jntDofAdr.get(jointId);
    }

    /** @return the top-level body (child of the world) above a body; the world body for itself */
    public int rootBody(int bodyId) {
        return bodyRootId.get(bodyId);
    }

    /** @return number of geoms */
    public int ngeom() {
        return model.ngeom();
    }

    /** Fills {@code out[0..2)} with a joint's range (lower, upper); both 0 when unlimited. */
    public void readJointRange(int jointId, double[] out) {
        DoublePointer r = model.jnt_range();
        out[0] = r.get(2L * jointId);
        out[1] = r.get(2L * jointId + 1);
    }

    /** Fills {@code out[0..2)} with an actuator's control range. */
    public void readActuatorCtrlRange(int actuatorId, double[] out) {
        DoublePointer r = model.actuator_ctrlrange();
        out[0] = r.get(2L * actuatorId);
        out[1] = r.get(2L * actuatorId + 1);
    }

    /** @return an actuator's first gain parameter ({@code gainprm[0]}: kp of a position servo) */
    public double actuatorGain(int actuatorId) {
        return model.actuator_gainprm().get((long) mjNGAIN * actuatorId);
    }

    /**
     * @return the bias force (gravity, Coriolis, centrifugal: {@code qfrc_bias}) at DOF address
     *     {@code adr}, as of the last forward pass
     */
    public double biasForce(int adr) {
        return qfrcBias.get(adr);
    }

    /** Fills {@code out[0..2)} with an actuator's force range (both 0 when unlimited). */
    public void readActuatorForceRange(int actuatorId, double[] out) {
        DoublePointer r = model.actuator_forcerange();
        out[0] = r.get(2L * actuatorId);
        out[1] = r.get(2L * actuatorId + 1);
    }

    // ------------------------------------------------------------------ model structure (robot checks)

    /** @return a joint's type: {@code free}, {@code ball}, {@code slide} or {@code hinge} */
    public String jointTypeName(int jointId) {
        return switch (model.jnt_type().get(jointId)) {
            case mjJNT_FREE -> "free";
            case mjJNT_BALL -> "ball";
            case mjJNT_SLIDE -> "slide";
            default -> "hinge";
        };
    }

    /** @return the body a joint moves */
    public int jointBody(int jointId) {
        return model.jnt_bodyid().get(jointId);
    }

    /** @return a body's parent (the world body is its own parent) */
    public int bodyParent(int bodyId) {
        return model.body_parentid().get(bodyId);
    }

    /** @return the body a site is attached to */
    public int siteBody(int siteId) {
        return model.site_bodyid().get(siteId);
    }

    /**
     * Fills a joint's world anchor point and unit axis as of the last forward pass.
     *
     * @param anchor written, 3 values
     * @param axis written, 3 values
     */
    public void readJointAnchorAndAxis(int jointId, double[] anchor, double[] axis) {
        DoublePointer a = data.xanchor();
        DoublePointer x = data.xaxis();
        a.position(3L * jointId).get(anchor, 0, 3);
        x.position(3L * jointId).get(axis, 0, 3);
    }

    /**
     * @return what an actuator drives: {@code joint}, {@code tendon}, {@code site}, {@code body} or
     *     {@code other} (slider-crank, joint-in-parent)
     */
    public String actuatorTransmission(int actuatorId) {
        return switch (model.actuator_trntype().get(actuatorId)) {
            case mjTRN_JOINT -> "joint";
            case mjTRN_TENDON -> "tendon";
            case mjTRN_SITE -> "site";
            case mjTRN_BODY -> "body";
            default -> "other";
        };
    }

    /** @return the id of the joint, tendon, site or body an actuator drives */
    public int actuatorTarget(int actuatorId) {
        return model.actuator_trnid().get(2L * actuatorId);
    }

    /**
     * @param scaled false: ctrl must be the setpoint itself, force {@code kp (ctrl - q)}, as MJCF's
     *     {@code <position>} makes it; true: ctrl may be a scaled setpoint, force
     *     {@code g ctrl - kp q} with any g > 0 (e.g. a gripper driven 0..255)
     * @return true when an actuator is such a position servo: no activation dynamics, a fixed
     *     gain, an affine bias with a restoring position term and no constant (with or without a
     *     velocity term)
     */
    public boolean isPositionServo(int actuatorId, boolean scaled) {
        long g = (long) mjNGAIN * actuatorId;
        long b = (long) mjNBIAS * actuatorId;
        double gain = model.actuator_gainprm().get(g);
        DoublePointer bias = model.actuator_biasprm();
        double kp = -bias.get(b + 1);
        return model.actuator_dyntype().get(actuatorId) == mjDYN_NONE
            && model.actuator_gaintype().get(actuatorId) == mjGAIN_FIXED
            && model.actuator_biastype().get(actuatorId) == mjBIAS_AFFINE
            && gain > 0 && kp > 0 && bias.get(b) == 0 && bias.get(b + 2) <= 0
            && (scaled || Math.abs(gain - kp) <= 1e-9 * kp);
    }

    /** @return the body a geom belongs to */
    public int geomBody(int geomId) {
        return geomBodyId.get(geomId);
    }

    // ------------------------------------------------------------------ state access

    /** Fills {@code out[0..nq)} with joint positions. */
    public void readQpos(double[] out) {
        qpos.get(out, 0, nq);
    }

    /** Sets joint positions from {@code in[0..nq)} (call {@link #forward()} before reading kinematics). */
    public void writeQpos(double[] in) {
        qpos.put(in, 0, nq);
    }

    /** @return joint position at qpos address {@code adr} */
    public double qpos(int adr) {
        return qpos.get(adr);
    }

    /** Sets the joint position at qpos address {@code adr}. */
    public void setQpos(int adr, double value) {
        qpos.put(adr, value);
    }

    /** Fills {@code out[0..nv)} with joint velocities. */
    public void readQvel(double[] out) {
        qvel.get(out, 0, nv);
    }

    /** Sets joint velocities from {@code in[0..nv)}. */
    public void writeQvel(double[] in) {
        qvel.put(in, 0, nv);
    }

    /** @return velocity at DOF address {@code adr} */
    public double qvel(int adr) {
        return qvel.get(adr);
    }

    /** Sets the velocity at DOF address {@code adr}. */
    public void setQvel(int adr, double value) {
        qvel.put(adr, value);
    }

    /** Fills {@code out[0..nu)} with actuator controls. */
    public void readCtrl(double[] out) {
        ctrl.get(out, 0, nu);
    }

    /** Sets all actuator controls from {@code in[0..nu)}. */
    public void writeCtrl(double[] in) {
        ctrl.put(in, 0, nu);
    }

    /** Sets one actuator's control. */
    public void setCtrl(int actuatorId, double value) {
        ctrl.put(actuatorId, value);
    }

    /** @return one actuator's control */
    public double ctrl(int actuatorId) {
        return ctrl.get(actuatorId);
    }

    /** Sets the generalized force applied at DOF {@code adr} (cleared by reset, not by step). */
    public void setAppliedForce(int adr, double value) {
        qfrcApplied.put(adr, value);
    }

    /**
     * Sets the Cartesian force and torque applied to a body's centre of mass (world frame), used
     * for external pushes.
     *
     * @param wrench {fx, fy, fz, tx, ty, tz}
     */
    public void setBodyWrench(int bodyId, double[] wrench) {
        xfrcApplied.position(6L * bodyId).put(wrench, 0, 6);
        xfrcApplied.position(0);
    }

    /** Fills {@code out[0..3)} with a body's world position. */
    public void readBodyPos(int bodyId, double[] out) {
        xpos.position(3L * bodyId).get(out, 0, 3);
        xpos.position(0);
    }

    /** Fills {@code out[0..4)} with a body's world orientation quaternion (w, x, y, z). */
    public void readBodyQuat(int bodyId, double[] out) {
        xquat.position(4L * bodyId).get(out, 0, 4);
        xquat.position(0);
    }

    /** Fills {@code out[0..3)} with a site's world position. */
    public void readSitePos(int siteId, double[] out) {
        siteXpos.position(3L * siteId).get(out, 0, 3);
        siteXpos.position(0);
    }

    /** Fills {@code out[0..9)} with a site's world rotation matrix, row-major. */
    public void readSiteRot(int siteId, double[] out) {
        siteXmat.position(9L * siteId).get(out, 0, 9);
        siteXmat.position(0);
    }

    /** Fills {@code out[0..3)} with a geom's world position. */
    public void readGeomPos(int geomId, double[] out) {
        geomXpos.position(3L * geomId).get(out, 0, 3);
        geomXpos.position(0);
    }

    /** Fills {@code out[0..3)} with a camera's world position. */
    public void readCameraPos(int cameraId, double[] out) {
        camXpos.position(3L * cameraId).get(out, 0, 3);
        camXpos.position(0);
    }

    /** Fills {@code out[0..9)} with a camera's world rotation matrix, row-major (camera looks along -z). */
    public void readCameraRot(int cameraId, double[] out) {
        camXmat.position(9L * cameraId).get(out, 0, 9);
        camXmat.position(0);
    }

    /** @return the number of scalar outputs of sensor {@code sensorId} */
    public int sensorDim(int sensorId) {
        return sensorDim.get(sensorId);
    }

    /** Fills {@code out[0..dim)} with a sensor's reading. */
    public void readSensor(int sensorId, double[] out) {
        int adr = sensorAdr.get(sensorId);
        sensordata.position(adr).get(out, 0, sensorDim.get(sensorId));
        sensordata.position(0);
    }

    /**
     * Computes a site's Jacobians at the current state (call {@link #forward()} first after
     * writing qpos).
     *
     * @param jacp filled with the 3 x nv translational Jacobian, row-major; may be null
     * @param jacr filled with the 3 x nv rotational Jacobian, row-major; may be null
     */
    public void siteJacobian(int siteId, double[] jacp, double[] jacr) {
        mj_jacSite(model, data, jacpBuf, jacrBuf, siteId);
        if (jacp != null) {
            jacpBuf.get(jacp, 0, 3 * nv);
        }
        if (jacr != null) {
            jacrBuf.get(jacr, 0, 3 * nv);
        }
    }

    // ------------------------------------------------------------------ contacts

    /** @return number of contacts detected at the current state */
    public int contactCount() {
        return data.ncon();
    }

    /** @return first geom of contact {@code i} */
    public int contactGeom1(int i) {
        return contacts.position(i).geom1();
    }

    /** @return second geom of contact {@code i} */
    public int contactGeom2(int i) {
        return contacts.position(i).geom2();
    }

    /** @return signed distance of contact {@code i} (negative: penetration), metres */
    public double contactDistance(int i) {
        return contacts.position(i).dist();
    }

    /** Fills {@code out[0..3)} with the world position of contact {@code i}. */
    public void readContactPos(int i, double[] out) {
        mjContact c = contacts.position(i);
        out[0] = c.pos(0);
        out[1] = c.pos(1);
        out[2] = c.pos(2);
    }

    // ------------------------------------------------------------------ warnings

    /** @return how many MuJoCo warnings were observed since this simulation was created */
    public long warningCount() {
        return warningCount;
    }

    /** @return the most recent warning observed, or null when none */
    public SimWarning lastWarning() {
        return lastWarning;
    }

    private void observeWarnings() {
        int total = sa_warning_total(data);
        if (total != lastWarningTotal) {
            SimWarning.Kind[] kinds = SimWarning.Kind.values();
            SimWarning.Kind kind = kinds[0];
            int info = 0;
            // instability outranks the rest: MuJoCo resets the data when it happens
            for (int k = kinds.length - 1; k >= 0; k--) {
                mjWarningStat w = data.warning(k);
                if (w.number() > 0 && (kinds[k].isInstability() || kind == kinds[0])) {
                    kind = kinds[k];
                    info = w.lastinfo();
                    if (kinds[k].isInstability()) {
                        break;
                    }
                }
            }
            lastWarning = new SimWarning(kind, info, data.time());
            warningCount++;
            lastWarningTotal = total;
        }
    }

    private void checkStatus(int status, String call) {
        if (status != 0) {
            String msg = sa_last_error().getString();
            sa_clear_error();
            mj_resetData(model, data); // the C call was abandoned half-way: start clean
            lastWarningTotal = sa_warning_total(data);
            throw new SimulationException(name + ": MuJoCo error in " + call + ": " + msg);
        }
    }

    /**
     * Raises a MuJoCo fatal error through {@code mju_error} under the same guard as stepping. For
     * tests of the recovery path: it throws {@link SimulationException} instead of exiting.
     */
    public static void raiseNativeErrorForTest(String message) {
        loadNatives();
        if (sa_raise_error(message) != 0) {
            String msg = sa_last_error().getString();
            sa_clear_error();
            throw new SimulationException("MuJoCo error: " + msg);
        }
    }

    // ------------------------------------------------------------------ native escape hatch

    /**
     * The native model, for code inside {@code sim} that needs the full C API (the renderer). Not
     * for stacks: they never see native types.
     */
    public mjModel nativeModel() {
        ensureOpen();
        return model;
    }

    /** The native data; see {@link #nativeModel()}. */
    public mjData nativeData() {
        ensureOpen();
        return data;
    }

    private void ensureOpen() {
        if (model == null) {
            throw new IllegalStateException(name + ": simulation is closed");
        }
    }

    /** @return true once {@link #close()} has run */
    public boolean isClosed() {
        return model == null;
    }

    /** Frees the native data and model. Safe to call more than once. */
    @Override
    public void close() {
        if (model != null) {
            mj_deleteData(data);
            mj_deleteModel(model);
            jacpBuf.close();
            jacrBuf.close();
            data = null;
            model = null;
        }
    }

    /**
     * Reads a model file as text (helper for callers that compose MJCF in memory).
     *
     * @throws ModelLoadException naming the file when it cannot be read
     */
    public static String readModelText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ModelLoadException(file.toString(), "cannot read: " + e.getMessage());
        }
    }
}
