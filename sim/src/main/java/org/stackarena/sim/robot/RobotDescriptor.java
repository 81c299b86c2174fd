package org.stackarena.sim.robot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackarena.api.KinematicChain;

/**
 * What the harness and stacks need to know about a robot model: its joints and actuators, the
 * gripper, the end-effector site, the wrist camera, where it is mounted on the table and a ready
 * pose. Shipped robots are read from {@code models/robots/<id>.json} next to their MJCF; a user's
 * robot from any descriptor file ({@link #fromFile}, strictly validated against its compiled
 * MJCF by {@link RobotFiles}), after which {@link #load} finds it by id for the rest of the run.
 *
 * @param id robot id (lower-case letters, digits, {@code _} and {@code -})
 * @param mjcf MJCF file: relative to {@code models/} for a shipped robot, an absolute path for a
 *     user's (the descriptor file gives it relative to itself)
 * @param dof number of arm joints, 5 to 7
 * @param joints arm joint names, base to flange (hinges or slides of one serial chain)
 * @param actuators arm actuator names, one position servo per joint, same order
 * @param gripperActuator the gripper's position servo (on a joint or a tendon)
 * @param gripperOpen gripper ctrl for fully open
 * @param gripperClosed gripper ctrl for fully closed
 * @param gripperJoints the two finger joints (their sum is the opening)
 * @param maxGripWidthM opening between the pads when fully open, metres
 * @param eeSite the grasp-centre site
 * @param wristCamera the camera on the hand, or null when the robot has none
 * @param homeQpos ready pose, one value per arm joint
 * @param mount where the base stands on the table
 * @param reachM conservative reach from the base, metres (informative)
 * @param heldOut true for a robot kept out of every training set ({@code collect} refuses it)
 * @param source the descriptor file of a user's robot, null for a shipped one
 */
public record RobotDescriptor(String id, String mjcf, int dof, List<String> joints, List<String> actuators,
                              String gripperActuator, double gripperOpen, double gripperClosed,
                              List<String> gripperJoints, double maxGripWidthM, String eeSite,
                              String wristCamera, double[] homeQpos, Mount mount, double reachM, boolean heldOut,
                              Path source) {

    /** The robots shipped with StackArena. */
    public static final Set<String> SHIPPED = Set.of("arm7", "arm6", "arm5");

    /** Smallest and largest number of arm joints a robot may have. */
    public static final int MIN_DOF = 5, MAX_DOF = 7;

    static final ObjectMapper MAPPER = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Map<String, RobotDescriptor> USER = new ConcurrentHashMap<>();
    private static final Map<String, RobotDescriptor> SHIPPED_LOADED = new ConcurrentHashMap<>();
    private static final Map<String, KinematicChain> CHAINS = new ConcurrentHashMap<>();
    private static final Pattern WORLDBODY_OPEN = Pattern.compile("<worldbody\\s*>");

    /**
     * The base's pose on the table: a position and a rotation about the vertical.
     *
     * @param pos base position in the world, metres (x, y on the table, z above the table top)
     * @param yawDeg rotation about world z, degrees
     */
    public record Mount(double[] pos, double yawDeg) {
        /** The base at the world origin facing +x. */
        public static final Mount ORIGIN = new Mount(new double[3], 0);

        /** Validates the shape; ranges are checked when a file is read. */
        public Mount {
            if (pos == null || pos.length != 3) {
                throw new IllegalArgumentException("mount.pos needs 3 values");
            }
            pos = pos.clone();
        }

        @Override
        public double[] pos() {
            return pos.clone();
        }

        /** @return true when this is the origin facing +x (nothing to transform) */
        public boolean isOrigin() {
            return pos[0] == 0 && pos[1] == 0 && pos[2] == 0 && yawDeg == 0;
        }
    }

    /** Validates sizes. */
    public RobotDescriptor {
        if (joints.size() != dof || actuators.size() != dof || homeQpos.length != dof) {
            throw new IllegalArgumentException("robot " + id + ": joints, actuators and home_qpos must all have dof="
                + dof + " entries");
        }
        if (gripperJoints.size() != 2) {
            throw new IllegalArgumentException("robot " + id + ": gripper_joints must name 2 finger joints");
        }
        joints = List.copyOf(joints);
        actuators = List.copyOf(actuators);
        gripperJoints = List.copyOf(gripperJoints);
        homeQpos = homeQpos.clone();
        mount = mount == null ? Mount.ORIGIN : mount;
    }

    @Override
    public double[] homeQpos() {
        return homeQpos.clone();
    }

    /**
     * A shipped robot, or a user's robot read earlier with {@link #fromFile}.
     *
     * @throws IllegalArgumentException for an unknown robot id
     */
    public static RobotDescriptor load(String id) {
        RobotDescriptor user = USER.get(id);
        if (user != null) {
            return user;
        }
        if (!SHIPPED.contains(id)) {
            throw new IllegalArgumentException("unknown robot '" + id + "' (known: " + String.join(", ", known())
                + "; or give a robot descriptor file)");
        }
        return SHIPPED_LOADED.computeIfAbsent(id, RobotDescriptor::readShipped);
    }

    private static RobotDescriptor readShipped(String id) {
        String res = "/org/stackarena/sim/models/robots/" + id + ".json";
        try (InputStream in = RobotDescriptor.class.getResourceAsStream(res)) {
            String shown = "models/robots/" + id + ".json";
            return RobotFiles.parse(shown, new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .toDescriptor(new RobotFiles.Check(shown), null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped descriptor of " + id, e);
        }
    }

    /**
     * Reads, validates and registers a user's robot descriptor: after this, {@link #load} finds it
     * by its id. Reading the same file again returns the registered robot.
     *
     * @param file the descriptor JSON; its {@code mjcf} is resolved relative to it
     * @throws RobotDescriptorException one line naming the file, the field and the problem
     */
    public static RobotDescriptor fromFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        RobotDescriptor d = RobotFiles.read(abs, file.toString());
        RobotDescriptor before = USER.putIfAbsent(d.id(), d);
        if (before != null && !before.source().equals(abs)) {
            throw new RobotDescriptorException(file.toString(), "id", d.id(), "already the id of the robot read from "
                + before.source() + " in this run; give this robot another id");
        }
        return before != null ? before : d;
    }

    /**
     * A robot by id, or by descriptor file: a value ending in {@code .json} or holding a path
     * separator is a file, read with {@link #fromFile} (again on every machine that resolves it, so
     * a plan can carry the file's path to other JVMs, as it does condition files).
     *
     * @throws IllegalArgumentException for an unknown id
     * @throws RobotDescriptorException for a bad descriptor file
     */
    public static RobotDescriptor resolve(String idOrFile) {
        if (USER.containsKey(idOrFile) || SHIPPED.contains(idOrFile) || !isFileName(idOrFile)) {
            return load(idOrFile);
        }
        return fromFile(Path.of(idOrFile));
    }

    /** @return true when a {@code --robot} value names a descriptor file rather than an id */
    public static boolean isFileName(String value) {
        return value.endsWith(".json") || value.contains("/") || value.contains(java.io.File.separator);
    }

    /** @return true for a user's robot read with {@link #fromFile} */
    public static boolean isUserRobot(String id) {
        return USER.containsKey(id);
    }

    /** @return the shipped robot ids and those read from files, sorted */
    public static List<String> known() {
        TreeSet<String> all = new TreeSet<>(SHIPPED);
        all.addAll(USER.keySet());
        return List.copyOf(all);
    }

    /**
     * The robot's MJCF as the scene includes it: the file's text, with the content of its
     * {@code <worldbody>} wrapped in a body at the mount pose unless the mount is the origin.
     */
    public String mountedMjcf() {
        String xml = source == null ? modelText(mjcf) : readUserMjcf();
        if (mount.isOrigin()) {
            return xml;
        }
        Matcher open = WORLDBODY_OPEN.matcher(xml);
        int close = xml.lastIndexOf("</worldbody>");
        if (!open.find() || close < open.end()) {
            throw new IllegalStateException(id + ": MJCF has no <worldbody> to mount");
        }
        double half = Math.toRadians(mount.yawDeg()) / 2;
        double[] p = mount.pos();
        String body = String.format(Locale.ROOT, "\n<body name=\"%s/mount\" pos=\"%.6f %.6f %.6f\" quat=\"%.12f 0 0 %.12f\">",
            id, p[0], p[1], p[2], Math.cos(half), Math.sin(half));
        return xml.substring(0, open.end()) + body + xml.substring(open.end(), close) + "</body>\n"
            + xml.substring(close);
    }

    /** @return the {@code <include>} element a scene uses for this robot (see {@link #includeFiles()}) */
    public String includeElement() {
        return "<include file=\"" + id + ".xml\"/>";
    }

    /**
     * @return the in-memory files the {@link #includeElement()} refers to: the mounted MJCF and, for a
     *     user's robot, the mesh, texture, hfield and skin files it names (by file name)
     */
    public Map<String, byte[]> includeFiles() {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put(id + ".xml", mountedMjcf().getBytes(StandardCharsets.UTF_8));
        if (source != null) {
            for (Path asset : RobotFiles.assets(this)) {
                try {
                    files.put(asset.getFileName().toString(), Files.readAllBytes(asset));
                } catch (IOException e) {
                    throw new RobotDescriptorException(source.toString(), "mjcf", mjcf, "cannot read " + asset + ": "
                        + e.getMessage());
                }
            }
        }
        return files;
    }

    private String readUserMjcf() {
        try {
            return Files.readString(Path.of(mjcf));
        } catch (IOException e) {
            throw new RobotDescriptorException(source.toString(), "mjcf", mjcf, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The arm's kinematic chain in the world frame (mount included) with its home pose, derived
     * from the compiled model once per robot and cached.
     */
    public KinematicChain kinematics() {
        return CHAINS.computeIfAbsent(id + "\u0000" + source, k -> RobotFiles.chain(this));
    }

    /**
     * Reads a text file shipped under {@code models/} (MJCF of robots and scenes).
     *
     * @param relative path relative to {@code models/}, e.g. {@code robots/arm7.xml}
     */
    public static String modelText(String relative) {
        try (InputStream in = RobotDescriptor.class.getResourceAsStream("/org/stackarena/sim/models/" + relative)) {
            if (in == null) {
                throw new IllegalStateException("missing shipped model file models/" + relative);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read models/" + relative, e);
        }
    }
}
