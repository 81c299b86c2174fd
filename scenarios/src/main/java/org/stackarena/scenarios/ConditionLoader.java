package org.stackarena.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads condition files strictly (see {@link Condition}); {@code lab} and {@code field} are shipped,
 * and so is every level of the robustness axes ({@link RobustnessAxes}, e.g. {@code lighting-2}).
 */
public final class ConditionLoader {

    /** The shipped conditions. */
    public static final List<String> SHIPPED = List.of("lab", "field");

    private ConditionLoader() {}

    /**
     * A shipped condition by name, or a condition file by path.
     *
     * @throws InvalidInputException naming the file and field
     */
    public static Condition load(String nameOrPath) {
        if (SHIPPED.contains(nameOrPath)) {
            String res = "conditions/" + nameOrPath + ".json";
            try (InputStream in = ConditionLoader.class.getResourceAsStream(res)) {
                return parse(res, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shipped " + res, e);
            }
        }
        Optional<Condition> level = RobustnessAxes.shipped().condition(nameOrPath);
        if (level.isPresent()) {
            return level.get();
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException(new Problem(nameOrPath, "", null,
                "no such condition (shipped: " + String.join(", ", SHIPPED) + ", or a robustness axis level such as "
                    + RobustnessAxes.shipped().axes().get(0).conditionNames().get(1) + " (see "
                    + RobustnessAxes.SOURCE + "); or give a condition file)"));
        }
        try {
            return parse(nameOrPath, Files.readString(p));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(nameOrPath, "", null, "cannot read: " + e.getMessage()));
        }
    }

    /** Parses and validates condition JSON. */
    public static Condition parse(String src, String json) {
        Condition c = ScenarioLoader.read(src, json, Condition.class);
        ScenarioLoader.Checker k = new ScenarioLoader.Checker(src);
        if (k.present("name", c.name()) && !c.name().matches("[a-z0-9][a-z0-9-]{0,30}")) {
            k.bad("name", c.name(), "use lower case letters, digits and dashes");
        }
        if (c.lighting() != null) {
            if (k.present("lighting.intensity_scale", c.lighting().intensityScale())) {
                k.range("lighting.intensity_scale", c.lighting().intensityScale(), 0.1, 3.0);
            }
            if (k.present("lighting.tint", c.lighting().tint()) && !(c.lighting().tint() >= 0 && c.lighting().tint() <= 0.5)) {
                k.bad("lighting.tint", c.lighting().tint(), "must be between 0 and 0.5");
            }
        }
        if (c.cameraJitter() != null) {
            if (k.present("camera_jitter.pos_m", c.cameraJitter().posM()) && !(c.cameraJitter().posM() >= 0 && c.cameraJitter().posM() <= 0.1)) {
                k.bad("camera_jitter.pos_m", c.cameraJitter().posM(), "must be between 0 and 0.1 m");
            }
            if (k.present("camera_jitter.rot_deg", c.cameraJitter().rotDeg()) && !(c.cameraJitter().rotDeg() >= 0 && c.cameraJitter().rotDeg() <= 15)) {
                k.bad("camera_jitter.rot_deg", c.cameraJitter().rotDeg(), "must be between 0 and 15 degrees");
            }
        }
        if (c.pixelNoise() != null && k.present("pixel_noise.sigma", c.pixelNoise().sigma())
            && !(c.pixelNoise().sigma() >= 0 && c.pixelNoise().sigma() <= 64)) {
            k.bad("pixel_noise.sigma", c.pixelNoise().sigma(), "must be between 0 and 64");
        }
        if (c.depthNoise() != null) {
            if (k.present("depth_noise.sigma_m", c.depthNoise().sigmaM()) && !(c.depthNoise().sigmaM() >= 0 && c.depthNoise().sigmaM() <= 0.1)) {
                k.bad("depth_noise.sigma_m", c.depthNoise().sigmaM(), "must be between 0 and 0.1 m");
            }
            if (k.present("depth_noise.dropout", c.depthNoise().dropout()) && !(c.depthNoise().dropout() >= 0 && c.depthNoise().dropout() <= 0.5)) {
                k.bad("depth_noise.dropout", c.depthNoise().dropout(), "must be between 0 and 0.5");
            }
        }
        if (c.objectFriction() != null && k.present("object_friction.scale", c.objectFriction().scale())) {
            k.range("object_friction.scale", c.objectFriction().scale(), 0.2, 3.0);
        }
        if (c.objectMass() != null && k.present("object_mass.scale", c.objectMass().scale())) {
            k.range("object_mass.scale", c.objectMass().scale(), 0.2, 5.0);
        }
        if (c.extraDistractors() != null && k.present("extra_distractors.count", c.extraDistractors().count())) {
            k.intRange("extra_distractors.count", c.extraDistractors().count(), 0, 4);
        }
        if (c.pushes() != null) {
            Condition.Pushes p = c.pushes();
            if (k.present("pushes.count", p.count())) {
                k.intRange("pushes.count", p.count(), 0, 5);
            }
            if (k.present("pushes.force_n", p.forceN())) {
                k.range("pushes.force_n", p.forceN(), 0, 20);
            }
            if (k.present("pushes.duration_s", p.durationS()) && !(p.durationS() > 0 && p.durationS() <= 1)) {
                k.bad("pushes.duration_s", p.durationS(), "must be > 0 and <= 1 s");
            }
            if (k.present("pushes.window_s", p.windowS())) {
                k.range("pushes.window_s", p.windowS(), 0, 600);
            }
        }
        if (c.objectPositions() != null && k.present("object_positions.beyond_m", c.objectPositions().beyondM())
            && !(c.objectPositions().beyondM() > 0 && c.objectPositions().beyondM() <= 0.15)) {
            k.bad("object_positions.beyond_m", c.objectPositions().beyondM(), "must be > 0 and <= 0.15 m");
        }
        if (!k.problems.isEmpty()) {
            throw new InvalidInputException(k.problems);
        }
        return c;
    }
}
