package org.stackarena.scenarios;

import java.util.List;

/**
 * One exact episode: a scenario realised for a robot, a seed and a condition. Everything random
 * about the episode (object shapes, colours, sizes, poses, the instruction, the perturbations)
 * is drawn here, from the seed only, by {@link Realiser}; the same inputs always give an equal
 * instance. The lab and field instances of one seed share the same base layout, so lab and field
 * results can be paired.
 *
 * @param scenarioId the scenario
 * @param family its task family
 * @param robot robot id
 * @param seed episode seed
 * @param condition condition name
 * @param objects every object on the table; the one the instruction names has role OBJECT
 * @param pad the target pad, or null
 * @param instruction the instruction text given to the stack
 * @param timeLimitS time limit, simulated seconds
 * @param success the success predicate
 * @param sensing render-time perturbations (all zero in the lab)
 * @param lightScale factor on light intensity (1 in the lab)
 * @param lightTint added RGB tint of the lights (zeros in the lab)
 * @param pushes external pushes on the named object (empty in the lab)
 */
public record EpisodeInstance(String scenarioId, String family, String robot, long seed, String condition,
                              List<PlacedObject> objects, Pad pad, String instruction, double timeLimitS,
                              Scenario.SuccessSpec success, Sensing sensing, double lightScale, double[] lightTint,
                              List<Push> pushes) {

    /** What an object is for in the task. */
    public enum Role {
        /** the object the instruction names */
        OBJECT,
        /** for stack: the object to put it on */
        SUPPORT,
        /** anything else */
        DISTRACTOR
    }

    /**
     * A realised object.
     *
     * @param id body name suffix: the body is {@code obj/<id>}
     * @param role its role
     * @param shape its shape
     * @param color palette colour name
     * @param halfExtents half sizes along its local x, y, z in metres (a cylinder: radius, radius, half height)
     * @param massKg mass
     * @param friction sliding friction coefficient
     * @param x centre x on the table
     * @param y centre y on the table
     * @param yawRad rotation about z
     */
    public record PlacedObject(String id, Role role, Shape shape, String color, double[] halfExtents, double massKg,
                               double friction, double x, double y, double yawRad) {

        /** @return the MuJoCo body name */
        public String bodyName() {
            return "obj/" + id;
        }
    }

    /**
     * The target pad, a flat disc.
     *
     * @param color palette colour
     * @param x centre x
     * @param y centre y
     * @param radiusM radius
     */
    public record Pad(String color, double x, double y, double radiusM) {}

    /**
     * Render-time perturbations of the field condition.
     *
     * @param pixelSigma RGB noise sigma (0..255 units)
     * @param depthSigmaM depth noise sigma, metres
     * @param depthDropout fraction of depth pixels reading 0
     * @param jitterPosM max camera translation per axis
     * @param jitterRotDeg max camera rotation per axis
     * @param noiseSeed seed of the per-frame noise stream
     */
    public record Sensing(double pixelSigma, double depthSigmaM, double depthDropout, double jitterPosM,
                          double jitterRotDeg, long noiseSeed) {

        /** @return true when no render-time perturbation is on */
        public boolean clean() {
            return pixelSigma == 0 && depthSigmaM == 0 && depthDropout == 0 && jitterPosM == 0 && jitterRotDeg == 0;
        }
    }

    /**
     * A horizontal push on the named object.
     *
     * @param startS when it starts, sim seconds
     * @param durationS how long it lasts
     * @param fx force x, newtons
     * @param fy force y, newtons
     */
    public record Push(double startS, double durationS, double fx, double fy) {}

    /** @return the object the instruction names */
    public PlacedObject object() {
        return objects.stream().filter(o -> o.role() == Role.OBJECT).findFirst().orElseThrow();
    }

    /** @return the support object (stack), or null */
    public PlacedObject support() {
        return objects.stream().filter(o -> o.role() == Role.SUPPORT).findFirst().orElse(null);
    }
}
