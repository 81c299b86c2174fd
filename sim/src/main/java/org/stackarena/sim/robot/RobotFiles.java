package org.stackarena.sim.robot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.SAXParserFactory;
import org.stackarena.api.KinematicChain;
import org.stackarena.sim.ModelLoadException;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reading and checking robot descriptor files: the JSON (unknown fields, types, ranges), the
 * MJCF it names (MuJoCo 3.x-only elements and attributes that MuJoCo 2.2.2 lacks, external
 * files, elements the scene owns), and the compiled model (each named joint, actuator, site and
 * camera exists and is of the right kind; the arm joints form one serial chain ending at the
 * end-effector site). Every problem is one {@link RobotDescriptorException} line.
 */
final class RobotFiles {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /**
     * MJCF elements MuJoCo 3.x models use that MuJoCo 2.2.2 rejects, with what to do instead
     * (each checked against 2.2.2's loader; see the models README).
     */
    static final Map<String, String> ELEMENTS_3X = Map.ofEntries(
        Map.entry("frame", "put its pos/quat on each child body instead"),
        Map.entry("replicate", "write the repeated bodies out"),
        Map.entry("attach", "paste the attached model's bodies in"),
        Map.entry("flexcomp", "deformables are not supported by 2.2.2"),
        Map.entry("deformable", "deformables are not supported by 2.2.2"),
        Map.entry("extension", "engine plugins are not supported by 2.2.2"),
        Map.entry("plugin", "engine plugins are not supported by 2.2.2"),
        Map.entry("layer", "give the material one texture"),
        Map.entry("camprojection", "remove the sensor"));

    /** Attributes 2.2.2 rejects, keyed element/attribute; a star for the element means any actuator. */
    static final Map<String, String> ATTRIBUTES_3X = Map.ofEntries(
        Map.entry("*/kv", "2.2.2's <position> has no velocity gain: use joint damping"),
        Map.entry("*/dampratio", "2.2.2's <position> has no damping ratio: use joint damping"),
        Map.entry("*/inheritrange", "write ctrlrange out as the joint's range"),
        Map.entry("*/actearly", "remove it"),
        Map.entry("joint/actuatorfrcrange", "put the limit on the actuator's forcerange"),
        Map.entry("joint/actuatorgravcomp", "remove it (no gravity compensation in 2.2.2)"),
        Map.entry("body/gravcomp", "remove it (no gravity compensation in 2.2.2)"),
        Map.entry("size/memory", "use njmax/nconmax, or leave sizes to the scene"),
        Map.entry("flag/nativeccd", "remove it"),
        Map.entry("option/sdf_iterations", "remove it"),
        Map.entry("compiler/alignfree", "remove it"),
        Map.entry("mesh/inertia", "remove it"),
        Map.entry("camera/resolution", "remove it"),
        Map.entry("light/type", "use directional=\"true\" or false"),
        Map.entry("material/metallic", "remove it"),
        Map.entry("material/roughness", "remove it"),
        Map.entry("global/orthographic", "remove it"));

    /** Top-level elements the scene owns: a robot file must not set them. */
    static final Set<String> SCENE_OWNED = Set.of("option", "size", "visual", "keyframe", "statistic");

    private RobotFiles() {}

    /** The descriptor JSON as written; boxed so that a missing field is told apart from 0. */
    record Raw(String id, String mjcf, Integer dof, List<String> joints, List<String> actuators,
               String gripperActuator, Double gripperOpen, Double gripperClosed, List<String> gripperJoints,
               Double maxGripWidthM, String eeSite, String wristCamera, double[] homeQpos, RawMount mount,
               Double reachM, Boolean heldOut) {

        RobotDescriptor toDescriptor(Check c, Path source, Path mjcfFile) {
            c.require("id", id);
            if (!ID.matcher(id).matches()) {
                c.bad("id", id, "use 1-32 lower-case letters, digits, '_' or '-', starting with a letter or digit");
            }
            c.require("mjcf", mjcf);
            c.require("dof", dof);
            if (dof < RobotDescriptor.MIN_DOF || dof > RobotDescriptor.MAX_DOF) {
                c.bad("dof", dof.toString(), "serial arms of " + RobotDescriptor.MIN_DOF + " to "
                    + RobotDescriptor.MAX_DOF + " joints are supported");
            }
            names(c, "joints", joints, dof);
            names(c, "actuators", actuators, dof);
            c.require("gripper_actuator", gripperActuator);
            c.require("gripper_open", gripperOpen);
            c.require("gripper_closed", gripperClosed);
            if (gripperOpen.equals(gripperClosed)) {
                c.bad("gripper_closed", gripperClosed.toString(), "must differ from gripper_open");
            }
            names(c, "gripper_joints", gripperJoints, 2);
            c.require("max_grip_width_m", maxGripWidthM);
            if (!(maxGripWidthM > 0 && maxGripWidthM <= 0.3)) {
                c.bad("max_grip_width_m", maxGripWidthM.toString(), "must be > 0 and <= 0.3 metres");
            }
            c.require("ee_site", eeSite);
            if (wristCamera != null && wristCamera.isBlank()) {
                c.bad("wrist_camera", "\"\"", "name a camera on the hand, or leave the field out");
            }
            c.require("home_qpos", homeQpos);
            if (homeQpos.length != dof) {
                c.bad("home_qpos", homeQpos.length + " values", "needs dof=" + dof + " values, one per arm joint");
            }
            RobotDescriptor.Mount m = RobotDescriptor.Mount.ORIGIN;
            if (mount != null) {
                m = mount.check(c);
            }
            if (reachM != null && !(reachM > 0 && reachM <= 3)) {
                c.bad("reach_m", reachM.toString(), "must be > 0 and <= 3 metres");
            }
            String file = mjcfFile == null ? mjcf : mjcfFile.toString();
            return new RobotDescriptor(id, file, dof, joints, actuators, gripperActuator, gripperOpen, gripperClosed,
                gripperJoints, maxGripWidthM, eeSite, wristCamera, homeQpos, m, reachM == null ? 0 : reachM,
                heldOut != null && heldOut, source);
        }

        private static void names(Check c, String field, List<String> v, int n) {
            c.require(field, v);
            if (v.size() != n) {
                c.bad(field, v.size() + " names", "needs " + n + " names"
                    + (field.equals("gripper_joints") ? " (the two finger joints)" : " (dof=" + n + ")"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i) == null || v.get(i).isBlank()) {
                    c.bad(field + "[" + i + "]", "\"\"", "name an MJCF element");
                }
                if (!seen.add(v.get(i))) {
                    c.bad(field + "[" + i + "]", v.get(i), "named twice");
                }
            }
        }
    }

    /** Where problems are reported: the file as the user named it. */
    record Check(String shown) {
        void require(String field, Object v) {
            if (v == null) {
                throw new RobotDescriptorException(shown, field, null, "missing required field");
            }
        }

        void bad(String field, String value, String problem) {
            throw new RobotDescriptorException(shown, field, value, problem);
        }
    }

    /** {@code mount} as written. */
    record RawMount(double[] pos, Double yawDeg) {
        RobotDescriptor.Mount check(Check r) {
            r.require("mount.pos", pos);
            if (pos.length != 3) {
                r.bad("mount.pos", pos.length + " values", "needs 3 values (x, y, z in metres)");
            }
            if (pos[0] < -0.2 || pos[0] > 1.0 || Math.abs(pos[1]) > 0.45 || pos[2] < 0 || pos[2] > 0.5) {
                r.bad("mount.pos", String.format(Locale.ROOT, "[%s, %s, %s]", pos[0], pos[1], pos[2]),
                    "must stand on the table: x in [-0.2, 1.0], y in [-0.45, 0.45], z in [0, 0.5] metres");
            }
            double yaw = yawDeg == null ? 0 : yawDeg;
            if (!(Math.abs(yaw) <= 180)) {
                r.bad("mount.yaw_deg", String.valueOf(yawDeg), "must be in [-180, 180] degrees");
            }
            return new RobotDescriptor.Mount(pos, yaw);
        }
    }

    /** Parses descriptor JSON; Jackson's complaints become one line naming the field. */
    static Raw parse(String shown, String json) {
        try {
            Raw raw = RobotDescriptor.MAPPER.readValue(json, Raw.class);
            if (raw == null) {
                throw new RobotDescriptorException(shown, "", null, "empty file: expected a JSON object");
            }
            return raw;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new RobotDescriptorException(shown, path(e), null, "unknown field (known: " + known + ")");
        } catch (MismatchedInputException e) {
            throw new RobotDescriptorException(shown, path(e), null, "expected "
                + (e.getTargetType() == null ? "another type" : simple(e.getTargetType())));
        } catch (JsonMappingException e) {
            throw new RobotDescriptorException(shown, path(e), null, e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new RobotDescriptorException(shown, "", null, "not valid JSON" + where + ": "
                + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static String simple(Class<?> t) {
        if (t.isArray()) {
            return "a list of " + simple(t.getComponentType()) + "s";
        }
        if (t == Double.class || t == double.class || t == Integer.class || t == int.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        return t == String.class ? "a string" : "an object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() > 0 ? "." : "").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /**
     * Reads and checks a user's descriptor file and the MJCF it names.
     *
     * @param file absolute, normalised descriptor path
     * @param shown the path as the user gave it, for messages
     */
    static RobotDescriptor read(Path file, String shown) {
        if (!Files.isRegularFile(file)) {
            throw new RobotDescriptorException(shown, "", null, "no such robot descriptor file");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new RobotDescriptorException(shown, "", null, "cannot read: " + e.getMessage());
        }
        Raw raw = parse(shown, json);
        Check c = new Check(shown);
        c.require("id", raw.id());
        if (RobotDescriptor.SHIPPED.contains(raw.id())) {
            c.bad("id", raw.id(), "is a shipped robot's id; give your robot another id");
        }
        c.require("mjcf", raw.mjcf());
        Path mjcf;
        try {
            mjcf = file.getParent().resolve(raw.mjcf()).normalize();
        } catch (InvalidPathException e) {
            throw new RobotDescriptorException(shown, "mjcf", raw.mjcf(), "not a file path");
        }
        if (!Files.isRegularFile(mjcf)) {
            c.bad("mjcf", raw.mjcf(), "no such file (" + mjcf + "; the path is relative to the descriptor)");
        }
        RobotDescriptor d = raw.toDescriptor(c, file, mjcf);
        ASSETS.put(mjcf, precheck(shown, raw.mjcf(), mjcf));
        try (Simulation sim = compileInScene(d)) {
            checkModel(c, sim, d);
        } catch (ModelLoadException e) {
            String msg = e.getMessage().startsWith(e.source() + ": ")
                ? e.getMessage().substring(e.source().length() + 2) : e.getMessage();
            c.bad("mjcf", raw.mjcf(), "MuJoCo " + Simulation.mujocoVersion() + " cannot load it in the table scene: "
                + msg);
        }
        return d;
    }

    /**
     * Scans the MJCF for what 2.2.2 lacks or a robot file must not contain, with line numbers:
     * MuJoCo's own message for an unknown element does not say it comes from a newer MuJoCo.
     */
    static List<Path> precheck(String shown, String field, Path mjcf) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(mjcf);
        } catch (IOException e) {
            throw new RobotDescriptorException(shown, "mjcf", field, "cannot read: " + e.getMessage());
        }
        Deque<String> open = new ArrayDeque<>();
        Map<String, String> dirs = new java.util.HashMap<>();
        List<String[]> files = new java.util.ArrayList<>(); // element, file, line
        DefaultHandler h = new DefaultHandler() {
            private Locator loc;

            @Override
            public void setDocumentLocator(Locator locator) {
                loc = locator;
            }

            @Override
            public void startElement(String uri, String local, String q, Attributes atts) throws SAXException {
                String where = mjcf.getFileName() + " line " + (loc == null ? "?" : loc.getLineNumber());
                if (open.isEmpty() && !q.equals("mujoco")) {
                    fail(where + ": the top element is <" + q + ">, expected <mujoco> (URDF is not read; convert it "
                        + "to MJCF)");
                }
                String parent = open.peek();
                String hint = ELEMENTS_3X.get(q);
                if (hint != null || q.equals("contact") && "sensor".equals(parent)
                    || q.equals("model") && "asset".equals(parent)) {
                    fail(where + ": element <" + q + "> is MuJoCo 3.x only, MuJoCo 2.2.2 here lacks it ("
                        + (hint != null ? hint : "remove it") + ")");
                }
                if ("mujoco".equals(parent) && SCENE_OWNED.contains(q)) {
                    fail(where + ": <" + q + "> belongs to the scene, not a robot file: remove it");
                }
                if (q.equals("include")) {
                    fail(where + ": <include> is not supported in a robot file: paste the included file in");
                }
                if (q.equals("default") && "default".equals(parent) && "main".equals(atts.getValue("class"))) {
                    fail(where + ": <default class=\"main\"> inside <default>: MuJoCo 2.2.2 reserves 'main' for the "
                        + "top-level default; drop the nested class");
                }
                for (int i = 0; i < atts.getLength(); i++) {
                    String a = atts.getQName(i);
                    String ah = ATTRIBUTES_3X.get(q + "/" + a);
                    if (ah == null && q.matches("position|general|motor|velocity|intvelocity|damper|cylinder|muscle"
                        + "|adhesion")) {
                        ah = ATTRIBUTES_3X.get("*/" + a);
                    }
                    if (ah != null) {
                        fail(where + ": attribute " + a + " of <" + q + "> is MuJoCo 3.x only, MuJoCo 2.2.2 here lacks it"
                            + " (" + ah + ")");
                    }
                    if (a.startsWith("file")) {
                        if (!ASSET_ELEMENTS.contains(q)) {
                            fail(where + ": <" + q + " " + a + "=...> is not an asset file StackArena can carry "
                                + "(mesh, texture, hfield and skin files are)");
                        }
                        files.add(new String[] {q, atts.getValue(i), where});
                    }
                    if (q.equals("compiler") && a.matches("meshdir|texturedir|assetdir")) {
                        dirs.put(a, atts.getValue(i));
                    }
                    if (q.equals("geom") && a.equals("type") && atts.getValue(i).equals("sdf")) {
                        fail(where + ": geom type sdf is MuJoCo 3.x only, MuJoCo 2.2.2 here lacks it");
                    }
                }
                open.push(q);
            }

            @Override
            public void endElement(String uri, String local, String q) {
                open.pop();
            }

            private void fail(String problem) {
                throw new RobotDescriptorException(shown, "mjcf", field, problem);
            }
        };
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.newSAXParser().parse(new ByteArrayInputStream(bytes), h);
        } catch (SAXParseException e) {
            throw new RobotDescriptorException(shown, "mjcf", field, mjcf.getFileName() + " line " + e.getLineNumber()
                + ": not well-formed XML: " + e.getMessage());
        } catch (SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            throw new RobotDescriptorException(shown, "mjcf", field, "cannot parse: " + e.getMessage());
        }
        // asset files travel with the robot into the in-memory scene; MuJoCo 2.2.2's virtual file
        // system matches them by file name alone, so two different files may not share one
        List<Path> assets = new java.util.ArrayList<>();
        Map<String, Path> byName = new java.util.HashMap<>();
        for (String[] f : files) {
            String dir = dirs.getOrDefault(f[0].equals("mesh") || f[0].equals("skin") ? "meshdir" : "texturedir",
                dirs.getOrDefault("assetdir", ""));
            Path asset;
            try {
                asset = mjcf.getParent().resolve(dir).resolve(f[1]).normalize();
            } catch (InvalidPathException e) {
                throw new RobotDescriptorException(shown, "mjcf", field, f[2] + ": <" + f[0] + "> file '" + f[1]
                    + "' is not a file path");
            }
            if (!Files.isRegularFile(asset)) {
                throw new RobotDescriptorException(shown, "mjcf", field, f[2] + ": <" + f[0] + "> file '" + f[1]
                    + "': no such file (" + asset + ")");
            }
            Path before = byName.putIfAbsent(asset.getFileName().toString(), asset);
            if (before != null && !before.equals(asset)) {
                throw new RobotDescriptorException(shown, "mjcf", field, f[2] + ": <" + f[0] + "> file '" + f[1]
                    + "' has the same name as " + before + "; MuJoCo 2.2.2 finds in-memory files by name: rename one");
            }
            if (before == null) {
                assets.add(asset);
            }
        }
        return List.copyOf(assets);
    }

    /** Elements whose {@code file*} attributes name asset files. */
    static final Set<String> ASSET_ELEMENTS = Set.of("mesh", "texture", "hfield", "skin");

    private static final Map<Path, List<Path>> ASSETS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The asset files a user's robot MJCF names (checked when its descriptor was read). */
    static List<Path> assets(RobotDescriptor d) {
        Path mjcf = Path.of(d.mjcf());
        return ASSETS.computeIfAbsent(mjcf, m -> precheck(d.source().toString(), "mjcf", m));
    }

    /** Compiles the robot, mounted, into the bare table scene (no objects): the context episodes use. */
    static Simulation compileInScene(RobotDescriptor d) {
        String scene = RobotDescriptor.modelText("scene/tabletop.xml")
            .replace("<!-- ROBOT -->", d.includeElement())
            .replace("<!-- OBJECTS -->", "");
        return Simulation.fromXml("robot-" + d.id(), scene, d.includeFiles());
    }

    private static void checkModel(Check r, Simulation sim, RobotDescriptor d) {
        int[] jointBodies = new int[d.dof()];
        double[] range = new double[2];
        for (int j = 0; j < d.dof(); j++) {
            String f = "joints[" + j + "]";
            String name = d.joints().get(j);
            int joint = sim.idOrMinus1(ObjType.JOINT, name);
            if (joint < 0) {
                r.bad(f, name, "no such joint in the MJCF");
            }
            String type = sim.jointTypeName(joint);
            if (!type.equals("hinge") && !type.equals("slide")) {
                r.bad(f, name, "is a " + type + " joint; arm joints must be hinges or slides");
            }
            jointBodies[j] = sim.jointBody(joint);
            if (j > 0 && !descends(sim, jointBodies[j], jointBodies[j - 1])) {
                r.bad(f, name, "does not follow " + d.joints().get(j - 1) + " on one serial chain (list the joints "
                    + "base to flange)");
            }
            sim.readJointRange(joint, range);
            double h = d.homeQpos()[j];
            if (range[0] < range[1] && (h < range[0] || h > range[1])) {
                r.bad("home_qpos[" + j + "]", String.valueOf(h), "outside the range of " + name + " ["
                    + range[0] + ", " + range[1] + "]");
            }
            String af = "actuators[" + j + "]";
            String an = d.actuators().get(j);
            int act = sim.idOrMinus1(ObjType.ACTUATOR, an);
            if (act < 0) {
                r.bad(af, an, "no such actuator in the MJCF");
            }
            if (!sim.actuatorTransmission(act).equals("joint") || sim.actuatorTarget(act) != joint) {
                r.bad(af, an, "does not drive joint " + name + " (each arm actuator drives its joint, same order)");
            }
            if (!sim.isPositionServo(act, false)) {
                r.bad(af, an, "is not a position servo (write it as <position joint=... kp=...>)");
            }
        }
        for (int g = 0; g < 2; g++) {
            String name = d.gripperJoints().get(g);
            int joint = sim.idOrMinus1(ObjType.JOINT, name);
            if (joint < 0) {
                r.bad("gripper_joints[" + g + "]", name, "no such joint in the MJCF");
            }
            if (!sim.jointTypeName(joint).equals("slide") && !sim.jointTypeName(joint).equals("hinge")) {
                r.bad("gripper_joints[" + g + "]", name, "must be a slide or hinge joint");
            }
            if (!descends(sim, sim.jointBody(joint), jointBodies[d.dof() - 1])) {
                r.bad("gripper_joints[" + g + "]", name, "is not on the hand (below the last arm joint)");
            }
        }
        int grip = sim.idOrMinus1(ObjType.ACTUATOR, d.gripperActuator());
        if (grip < 0) {
            r.bad("gripper_actuator", d.gripperActuator(), "no such actuator in the MJCF");
        }
        String trn = sim.actuatorTransmission(grip);
        if (!trn.equals("joint") && !trn.equals("tendon") || !sim.isPositionServo(grip, true)) {
            r.bad("gripper_actuator", d.gripperActuator(), "must be a position servo on a finger joint or a tendon");
        }
        sim.readActuatorCtrlRange(grip, range);
        if (range[0] < range[1]) {
            for (String f : List.of("gripper_open", "gripper_closed")) {
                double v = f.equals("gripper_open") ? d.gripperOpen() : d.gripperClosed();
                if (v < range[0] || v > range[1]) {
                    r.bad(f, String.valueOf(v), "outside the gripper actuator's ctrlrange [" + range[0] + ", "
                        + range[1] + "]");
                }
            }
        }
        int site = sim.idOrMinus1(ObjType.SITE, d.eeSite());
        if (site < 0) {
            r.bad("ee_site", d.eeSite(), "no such site in the MJCF");
        }
        if (!descends(sim, sim.siteBody(site), jointBodies[d.dof() - 1])) {
            r.bad("ee_site", d.eeSite(), "is not on the hand (below the last arm joint)");
        }
        if (d.wristCamera() != null && sim.idOrMinus1(ObjType.CAMERA, d.wristCamera()) < 0) {
            r.bad("wrist_camera", d.wristCamera(), "no such camera in the MJCF");
        }
    }

    /** @return true when {@code body} is {@code ancestor} or below it */
    private static boolean descends(Simulation sim, int body, int ancestor) {
        for (int b = body; ; b = sim.bodyParent(b)) {
            if (b == ancestor) {
                return true;
            }
            if (b == 0) {
                return false;
            }
        }
    }

    /** The chain at q = 0 (every arm joint at 0), in the world frame of the scene. */
    static KinematicChain chain(RobotDescriptor d) {
        try (Simulation sim = compileInScene(d)) {
            double[] q = new double[sim.nq()];
            sim.readQpos(q);
            int[] joints = new int[d.dof()];
            for (int j = 0; j < d.dof(); j++) {
                joints[j] = sim.id(ObjType.JOINT, d.joints().get(j));
                q[sim.jointQposAddress(joints[j])] = 0;
            }
            sim.writeQpos(q);
            sim.forward();
            double[] axes = new double[3 * d.dof()], points = new double[3 * d.dof()];
            boolean[] prismatic = new boolean[d.dof()];
            double[] a = new double[3], p = new double[3];
            for (int j = 0; j < d.dof(); j++) {
                sim.readJointAnchorAndAxis(joints[j], p, a);
                System.arraycopy(a, 0, axes, 3 * j, 3);
                System.arraycopy(p, 0, points, 3 * j, 3);
                prismatic[j] = sim.jointTypeName(joints[j]).equals("slide");
            }
            int site = sim.id(ObjType.SITE, d.eeSite());
            double[] eePos = new double[3], eeRot = new double[9];
            sim.readSitePos(site, eePos);
            sim.readSiteRot(site, eeRot);
            return new KinematicChain(axes, points, prismatic, eePos, eeRot, d.homeQpos());
        }
    }
}
