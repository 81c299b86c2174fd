package org.stackarena.benchmarks.perf;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.control.SetpointController;
import org.stackarena.pipelines.kinematics.ArmKinematics;
import org.stackarena.pipelines.kinematics.IkSolver;
import org.stackarena.pipelines.kinematics.TopDown;
import org.stackarena.pipelines.perception.ScenePerception;
import org.stackarena.pipelines.planning.InstructionParser;
import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.pipelines.trajectory.MinJerkSegment;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.robot.RobotDescriptor;
import org.stackarena.api.CameraFrame;

/**
 * The classical stack's tick costs, measured on their own: the control tick (sampling the
 * minimum-jerk trajectory, DLS IK iterations, the setpoint law) over a 500 Hz reach, with the
 * bytes it allocates per tick (from the JVM's per-thread allocation counter, measured not
 * asserted), and the perception tick on real 128x128 front + wrist frames of a pick-place scene.
 */
public final class ControlPerf {

    /**
     * @param controlP50Us control tick p50, microseconds
     * @param controlP99Us control tick p99, microseconds
     * @param controlAllocBytesPerTick bytes allocated per control tick
     * @param perceptionP50Ms perception tick p50, ms
     * @param perceptionP99Ms perception tick p99, ms
     * @param controlTicks control ticks timed
     * @param perceptionTicks perception ticks timed
     */
    public record Result(double controlP50Us, double controlP99Us, double controlAllocBytesPerTick,
                         double perceptionP50Ms, double perceptionP99Ms, int controlTicks, int perceptionTicks) {}

    private ControlPerf() {}

    /** Runs both measurements for a robot. */
    public static Result run(String robotId, int controlTicks, int perceptionTicks) {
        PipelineConfig config = PipelineConfig.defaults();
        RobotDescriptor d = RobotDescriptor.load(robotId);
        double[] control;
        double alloc;
        double[] perception;
        try (ScenarioWorld world = new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), robotId,
                ConditionLoader.load("lab"), 128, 128)) {
            world.reset(1000);
            var robot = world.robot();
            ArmKinematics kin = ArmKinematics.fromChain(robotId, robot.jointNames(), robot.kinematics());
            SetpointController controller = new SetpointController(
                new IkSolver(kin, robot.jointLower(), robot.jointUpper(), d.homeQpos().clone(), config.ik()),
                config.ikIterationsPerTick());
            double[] pos = new double[3];
            double[] rot = new double[9];
            kin.forward(d.homeQpos(), pos, rot);
            double yaw = TopDown.yaw(rot);
            double[] start = {pos[0], pos[1], pos[2], yaw};
            double[] end = {pos[0] + 0.1, pos[1] - 0.15, pos[2] - 0.25, yaw + 0.6};
            PlanCommand cmd = new PlanCommand(MinJerkSegment.between(start, end, 0, 0.3, 1.0, 0.5), 0, "perf");
            double dt = 1.0 / config.controlHz();
            double[] q = d.homeQpos().clone();
            long[] nanos = new long[controlTicks];
            for (int warm = 0; warm < 20_000; warm++) {
                controller.tick(cmd, (warm % 1000) * dt, q);
            }
            controller.reset();
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            long bytes0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < controlTicks; i++) {
                double t = (i % 1000) * dt; // a 2 s trajectory, replayed
                long t0 = System.nanoTime();
                controller.tick(cmd, t, q);
                nanos[i] = System.nanoTime() - t0;
            }
            long bytes1 = mx.getThreadAllocatedBytes(tid);
            alloc = (bytes1 - bytes0 - 0.0) / controlTicks; // the nanos array was allocated before
            control = percentiles(nanos, 1e-3);

            ScenePerception p = new ScenePerception(new InstructionParser().parse(world.instruction()), config);
            world.step();
            CameraFrame front = world.render("front");
            CameraFrame wrist = world.render("wrist");
            for (int warm = 0; warm < 50; warm++) {
                p.estimate(front, wrist, warm * 0.05);
            }
            long[] pn = new long[perceptionTicks];
            for (int i = 0; i < perceptionTicks; i++) {
                long t0 = System.nanoTime();
                p.estimate(front, wrist, (50 + i) * 0.05);
                pn[i] = System.nanoTime() - t0;
            }
            perception = percentiles(pn, 1e-6);
        }
        return new Result(control[0], control[1], alloc, perception[0], perception[1], controlTicks, perceptionTicks);
    }

    private static double[] percentiles(long[] nanos, double scale) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new double[] {s[(int) (0.50 * (s.length - 1))] * scale, s[(int) Math.ceil(0.99 * (s.length - 1))] * scale};
    }
}
