package org.stackarena.sim.robot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What the harness and stacks need to know about a robot model: its joints and actuators, the
 * gripper, the end-effector site, the wrist camera and a ready pose. Read from
 * {@code models/robots/<id>.json} next to the robot's MJCF (see the models README for the
 * conventions every robot follows).
 *
 * @param id robot id, also the prefix of its element names
 * @param mjcf MJCF file relative to {@code models/}
 * @param dof number of arm joints
 * @param joints arm joint names, base to flange
 * @param actuators arm actuator names, one position servo per joint, same order
 * @param gripperActuator the gripper's position actuator
 * @param gripperOpen gripper ctrl for fully open
 * @param gripperClosed gripper ctrl for fully closed
 * @param gripperJoints the finger slide joints
 * @param maxGripWidthM opening between the pads when fully open, metres
 * @param eeSite the grasp-centre site
 * @param wristCamera the camera on the hand
 * @param homeQpos ready pose, one angle per arm joint
 * @param basePos base position in the world
 * @param reachM conservative reach from the base, metres
 */
public record RobotDescriptor(String id, String mjcf, int dof, List<String> joints, List<String> actuators,
                              String gripperActuator, double gripperOpen, double gripperClosed,
                              List<String> gripperJoints, double maxGripWidthM, String eeSite,
                              String wristCamera, double[] homeQpos, double[] basePos, double reachM) {

    /** The robots shipped with StackArena. */
    public static final Set<String> SHIPPED = Set.of("arm7", "arm6");

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Validates sizes. */
    public RobotDescriptor {
        if (joints.size() != dof || actuators.size() != dof || homeQpos.length != dof) {
            throw new IllegalArgumentException("robot " + id + ": joints, actuators and home_qpos must all have dof="
                + dof + " entries");
        }
    }

    /**
     * Loads a shipped robot's descriptor.
     *
     * @throws IllegalArgumentException for an unknown robot id
     */
    public static RobotDescriptor load(String id) {
        if (!SHIPPED.contains(id)) {
            throw new IllegalArgumentException("unknown robot '" + id + "' (known: " + String.join(", ", SHIPPED.stream().sorted().toList()) + ")");
        }
        try (InputStream in = RobotDescriptor.class.getResourceAsStream("/org/stackarena/sim/models/robots/" + id + ".json")) {
            return MAPPER.readValue(in, RobotDescriptor.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped descriptor of " + id, e);
        }
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
