package org.stackarena.scenarios;

import java.util.List;

/**
 * One scenario file, as written: a task family, the robots it runs on, the objects with their
 * randomisation ranges, the target, instruction templates and the success predicate. Parse and
 * validate with {@link ScenarioLoader}; a validated scenario has every required field set and
 * every value in range. Field names in JSON are snake_case ({@code time_limit_s}).
 *
 * @param id unique identifier (lower case, digits and dashes)
 * @param family task family: reach, pick-lift, pick-place, push or stack
 * @param description one sentence for people
 * @param robots robot ids this scenario runs on; the first is the default
 * @param timeLimitS episode time limit in simulated seconds
 * @param object the object the instruction names
 * @param support for {@code stack}: the object to put it on; otherwise absent
 * @param target for {@code pick-place}/{@code push}: the target pad; otherwise absent
 * @param distractors other objects on the table; absent for none
 * @param minSeparationM minimum distance between object centres (and from the pad)
 * @param instructions templates with placeholders {color} {shape} {target} {support_color}
 *     {support_shape}; the lab condition draws from these
 * @param fieldInstructions paraphrases never used in the lab condition (the field condition's
 *     "unseen paraphrases")
 * @param success the success predicate
 */
public record Scenario(String id, String family, String description, List<String> robots, Double timeLimitS,
                       ObjectSpec object, ObjectSpec support, TargetSpec target, ObjectSpec distractors,
                       Double minSeparationM, List<String> instructions, List<String> fieldInstructions,
                       SuccessSpec success) {

    /**
     * @return true when this scenario runs on the robot: a shipped robot it lists, or any robot read
     *     from a descriptor file (a user's robot is not known to scenario files)
     */
    public boolean runsOn(String robot) {
        return robots.contains(robot) || org.stackarena.sim.robot.RobotDescriptor.isUserRobot(robot);
    }

    /** Task families ({@link org.stackarena.api.TaskFamily#ids()}). */
    public static final List<String> FAMILIES = org.stackarena.api.TaskFamily.ids();

    /**
     * An object (or the distractor objects) and the ranges its properties are drawn from.
     *
     * @param count for distractors only: [min, max] number of them
     * @param shapes allowed shapes (cube, cylinder, block)
     * @param colors allowed palette colours
     * @param halfSizeM [min, max] half size in metres
     * @param massKg [min, max] mass in kg
     * @param xM [min, max] x of the centre on the table, metres (robot base at origin, facing +x)
     * @param yM [min, max] y of the centre, metres
     * @param yawDeg [min, max] rotation about z, degrees
     */
    public record ObjectSpec(List<Integer> count, List<String> shapes, List<String> colors, List<Double> halfSizeM,
                             List<Double> massKg, List<Double> xM, List<Double> yM, List<Double> yawDeg) {}

    /**
     * The target pad: a flat coloured disc on the table.
     *
     * @param colors allowed palette colours (one is drawn that no object in the episode has)
     * @param radiusM pad radius in metres
     * @param xM [min, max] x of the pad centre
     * @param yM [min, max] y of the pad centre
     */
    public record TargetSpec(List<String> colors, Double radiusM, List<Double> xM, List<Double> yM) {}

    /**
     * The success predicate, judged by the harness on ground-truth state.
     *
     * @param predicate ee_near_object, object_lifted, object_in_region or object_on_object
     * @param holdS how long the condition must hold continuously, seconds
     * @param radiusM for ee_near_object: max distance from the gripper's grasp centre to the
     *     object's top centre
     * @param liftM for object_lifted: min height of the object's bottom above the table
     * @param requireRelease whether the gripper must have let go of the object (no finger contact)
     */
    public record SuccessSpec(String predicate, Double holdS, Double radiusM, Double liftM, Boolean requireRelease) {}
}
