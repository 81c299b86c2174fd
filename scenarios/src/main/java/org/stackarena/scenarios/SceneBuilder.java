package org.stackarena.scenarios;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.robot.RobotDescriptor;

/**
 * Turns an {@link EpisodeInstance} into a MuJoCo model: the shipped table-top scene with the
 * robot included and the episode's objects and pad inserted, lights scaled and tinted for the
 * condition. The model is compiled in memory (no files written).
 */
public final class SceneBuilder {

    private static final Pattern LIGHT_DIFFUSE = Pattern.compile("(<light\\b[^>]*?diffuse=\")([^\"]+)(\")");

    private SceneBuilder() {}

    /** @return the MJCF text of the episode's scene (its robot, mounted, is included as {@code <id>.xml}) */
    public static String mjcf(EpisodeInstance e) {
        String template = RobotDescriptor.modelText("scene/tabletop.xml");
        StringBuilder objects = new StringBuilder();
        for (EpisodeInstance.PlacedObject o : e.objects()) {
            objects.append(objectXml(o));
        }
        if (e.pad() != null) {
            float[] c = Palette.rgb(e.pad().color());
            objects.append(String.format(Locale.ROOT,
                "    <body name=\"target/pad\" pos=\"%.5f %.5f 0.0005\">\n"
                    + "      <geom name=\"target/pad\" type=\"cylinder\" size=\"%.4f 0.0005\" rgba=\"%.3f %.3f %.3f 1\""
                    + " group=\"1\" contype=\"0\" conaffinity=\"0\"/>\n    </body>\n",
                e.pad().x(), e.pad().y(), e.pad().radiusM(), c[0], c[1], c[2]));
        }
        String xml = template
            .replace("<!-- ROBOT -->", RobotDescriptor.load(e.robot()).includeElement())
            .replace("<!-- OBJECTS -->", objects.toString());
        if (e.lightScale() != 1 || e.lightTint()[0] != 0 || e.lightTint()[1] != 0 || e.lightTint()[2] != 0) {
            xml = scaleLights(xml, e.lightScale(), e.lightTint());
        }
        return xml;
    }

    /**
     * Compiles the episode's scene.
     *
     * @return a simulation with the robot at its home pose (qpos and servo setpoints), gripper open
     */
    public static Simulation build(EpisodeInstance e) {
        RobotDescriptor robot = RobotDescriptor.load(e.robot());
        Simulation sim = Simulation.fromXml(e.scenarioId() + "-" + e.seed(), mjcf(e), robot.includeFiles());
        try {
            home(sim, robot);
        } catch (RuntimeException ex) {
            sim.close();
            throw ex;
        }
        return sim;
    }

    /** Puts the robot at its home pose with matching servo setpoints and the gripper open. */
    public static void home(Simulation sim, RobotDescriptor robot) {
        for (int j = 0; j < robot.dof(); j++) {
            int joint = sim.id(Simulation.ObjType.JOINT, robot.joints().get(j));
            sim.setQpos(sim.jointQposAddress(joint), robot.homeQpos()[j]);
            sim.setCtrl(sim.id(Simulation.ObjType.ACTUATOR, robot.actuators().get(j)), robot.homeQpos()[j]);
        }
        double open = robot.gripperOpen();
        for (String f : robot.gripperJoints()) {
            sim.setQpos(sim.jointQposAddress(sim.id(Simulation.ObjType.JOINT, f)), open);
        }
        sim.setCtrl(sim.id(Simulation.ObjType.ACTUATOR, robot.gripperActuator()), open);
        sim.forward();
    }

    static String objectXml(EpisodeInstance.PlacedObject o) {
        float[] c = Palette.rgb(o.color());
        double[] h = o.halfExtents();
        String geom = switch (o.shape()) {
            case CUBE, BLOCK -> String.format(Locale.ROOT, "type=\"box\" size=\"%.5f %.5f %.5f\"", h[0], h[1], h[2]);
            case CYLINDER -> String.format(Locale.ROOT, "type=\"cylinder\" size=\"%.5f %.5f\"", h[0], h[2]);
        };
        return String.format(Locale.ROOT,
            "    <body name=\"%1$s\" pos=\"%2$.5f %3$.5f %4$.5f\" quat=\"%5$.8f 0 0 %6$.8f\">\n"
                + "      <freejoint name=\"%1$s\"/>\n"
                + "      <geom name=\"%1$s\" %7$s mass=\"%8$.5f\" rgba=\"%9$.3f %10$.3f %11$.3f 1\""
                + " friction=\"%12$.4f 0.005 0.0001\" condim=\"4\" group=\"1\" contype=\"1\" conaffinity=\"1\"/>\n"
                + "    </body>\n",
            o.bodyName(), o.x(), o.y(), h[2] + 0.0005, Math.cos(o.yawRad() / 2), Math.sin(o.yawRad() / 2), geom,
            o.massKg(), c[0], c[1], c[2], o.friction());
    }

    private static String scaleLights(String xml, double scale, double[] tint) {
        Matcher m = LIGHT_DIFFUSE.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] parts = m.group(2).trim().split("\\s+");
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                double d = Double.parseDouble(parts[i]) * scale * (1 + tint[i]);
                v.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", Math.max(0, Math.min(1, d))));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + v + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
