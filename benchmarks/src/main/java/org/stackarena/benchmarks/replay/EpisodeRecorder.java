package org.stackarena.benchmarks.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.harness.EpisodeListener;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.pipelines.planning.ObjectEstimate;
import org.stackarena.pipelines.planning.PlanCommand;
import org.stackarena.pipelines.planning.SceneEstimate;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.sim.SceneGeometry;
import org.stackarena.sim.Simulation;

/**
 * Records one episode into a {@link Recording} file: the world's moving body poses at
 * {@value #FRAME_HZ} Hz (and at the last step), every loop tick (start and modelled latency),
 * deadline misses, chunk arrivals, and events: goal-estimate changes, planner phases,
 * grasp/release (the gripper command crossing 0.5) and the outcome. It only reads the world and
 * what the stack published, so the episode runs exactly as without it.
 */
public final class EpisodeRecorder implements EpisodeListener {

    /** Body pose samples per second of sim time. */
    public static final int FRAME_HZ = 25;
    /** A goal estimate counts as changed when it moves this far (metres; arrays: in their own units). */
    static final double GOAL_CHANGE_M = 0.01;
    static final double GOAL_CHANGE_ARRAY = 0.1;

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeRecorder.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Path file;
    private final EpisodeSpec spec;
    private final ScenarioWorld world;
    private final long frameMicros = 1_000_000L / FRAME_HZ;

    private Simulation sim;
    private SceneGeometry geometry;
    private int[] movingBodies;
    private long[] frameT = new long[64];
    private long[] pose = new long[64 * 7];
    private int frames;
    private final double[] pos = new double[3];
    private final double[] quat = new double[4];
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final ArrayNode events = F.arrayNode();
    private final Map<String, double[]> lastGoal = new LinkedHashMap<>();
    private final Map<String, String> lastPhase = new LinkedHashMap<>();
    private boolean gripperClosed;
    private long lastStep;
    private ObjectNode initial;

    /** One loop's timeline. */
    private static final class Lane {
        final LoopSpec spec;
        final LongList start = new LongList();
        final LongList latency = new LongList();
        final LongList missAt = new LongList();
        final LongList missCount = new LongList();
        final LongList chunks = new LongList();

        Lane(LoopSpec spec) {
            this.spec = spec;
        }
    }

    /** A growable list of longs (no boxing per tick). */
    private static final class LongList {
        long[] v = new long[256];
        int n;

        void add(long x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }
    }

    /**
     * @param runDir the run directory (the file goes to {@link Recording#file})
     * @param spec the episode
     * @param world the world it runs on
     */
    public EpisodeRecorder(Path runDir, EpisodeSpec spec, ScenarioWorld world) {
        this.file = Recording.file(runDir, spec.key());
        this.spec = spec;
        this.world = world;
    }

    /** Where the recording goes. */
    public Path file() {
        return file;
    }

    @Override
    public void started(List<LoopSpec> loops) {
        sim = world.simulation();
        geometry = SceneGeometry.of(sim);
        List<Integer> moving = new ArrayList<>();
        ArrayNode bodies = F.arrayNode();
        for (int b = 0; b < geometry.bodies().size(); b++) {
            if (geometry.moving().get(b)) {
                moving.add(b);
            }
            sim.readBodyPos(b, pos);
            sim.readBodyQuat(b, quat);
            ObjectNode body = bodies.addObject().put("name", geometry.bodies().get(b))
                .put("moving", geometry.moving().get(b));
            ArrayNode p0 = numbers(body, "pose0", pos, 1e-6);
            for (double x : quat) {
                p0.add(round(x, 1e-6));
            }
        }
        movingBodies = moving.stream().mapToInt(Integer::intValue).toArray();
        initial = F.objectNode();
        initial.set("bodies", bodies);
        loops.forEach(l -> lanes.put(l.name(), new Lane(l)));
        sample(0);
    }

    @Override
    public void ticked(String loop, long startMicros, long visibleMicros, Map<ChannelKey<?>, Object> outputs) {
        Lane lane = lanes.get(loop);
        if (lane == null) {
            return;
        }
        lane.start.add(startMicros);
        lane.latency.add(visibleMicros - startMicros);
        for (Map.Entry<ChannelKey<?>, Object> e : outputs.entrySet()) {
            Object v = e.getValue();
            if (v instanceof ActionChunk) {
                lane.chunks.add(visibleMicros);
            } else if (v instanceof PlanCommand plan) {
                if (!plan.state().equals(lastPhase.put(loop, plan.state()))) {
                    event(visibleMicros, loop, "phase", plan.state(), null);
                }
            } else if (v instanceof SceneEstimate scene) {
                goal(loop, visibleMicros, e.getKey().name(), sceneVector(scene), GOAL_CHANGE_M);
            } else if (lane.spec.role() == LoopRole.SYSTEM2 && v instanceof float[] f) {
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                goal(loop, visibleMicros, e.getKey().name(), d, GOAL_CHANGE_ARRAY);
            } else if (lane.spec.role() == LoopRole.SYSTEM2 && v instanceof double[] d) {
                goal(loop, visibleMicros, e.getKey().name(), d, GOAL_CHANGE_ARRAY);
            }
        }
    }

    private static double[] sceneVector(SceneEstimate s) {
        ObjectEstimate o = s.object();
        return new double[] {o == null ? Double.NaN : o.x(), o == null ? Double.NaN : o.y(),
            o == null ? Double.NaN : o.z(), s.padX(), s.padY()};
    }

    private void goal(String loop, long t, String channel, double[] v, double tolerance) {
        double[] last = lastGoal.get(loop);
        boolean changed = last == null || last.length != v.length;
        for (int i = 0; !changed && i < v.length; i++) {
            boolean nan = Double.isNaN(v[i]);
            changed = nan != Double.isNaN(last[i]) || (!nan && Math.abs(v[i] - last[i]) > tolerance);
        }
        if (changed) {
            lastGoal.put(loop, v.clone());
            ArrayNode value = F.arrayNode();
            for (int i = 0; i < Math.min(v.length, 8); i++) {
                if (Double.isFinite(v[i])) {
                    value.add(round(v[i], 1e-4));
                } else {
                    value.addNull();
                }
            }
            event(t, loop, "goal", channel + (last == null ? " first estimate" : " changed"), value);
        }
    }

    @Override
    public void missed(String loop, long atMicros, long count) {
        Lane lane = lanes.get(loop);
        if (lane != null) {
            lane.missAt.add(atMicros);
            lane.missCount.add(count);
        }
    }

    @Override
    public void stepped(long timeMicros, Action applied) {
        long stepStart = lastStep;
        lastStep = timeMicros;
        if (applied != null) {
            boolean closed = applied.gripper() >= 0.5;
            if (closed != gripperClosed) {
                gripperClosed = closed;
                event(stepStart, null, closed ? "grasp" : "release",
                    "gripper command " + (closed ? "closed" : "open"), null);
            }
        }
        if (timeMicros % frameMicros == 0) {
            sample(timeMicros);
        }
    }

    @Override
    public void ended(EpisodeRecord record) {
        try {
            long end = Math.round(record.simTimeS() * 1e6);
            if (sim == null) {
                return; // the world was never reset: nothing to draw
            }
            if (frames == 0 || frameT[frames - 1] != end) {
                sample(end);
            }
            if (record.success()) {
                event(Math.round(record.timeToSuccessS() * 1e6), null, "success", "success", null);
            } else {
                event(end, null, "failure", String.valueOf(record.failureReason()), null);
            }
            Recording.write(file, document(record));
        } catch (IOException | RuntimeException e) {
            LOG.warn("recording of {} not written: {}", spec.key(), e.toString());
        }
    }

    private void sample(long t) {
        if (frames == frameT.length) {
            frameT = Arrays.copyOf(frameT, frames * 2);
        }
        int stride = movingBodies.length * 7;
        if ((frames + 1) * stride > pose.length) {
            pose = Arrays.copyOf(pose, Math.max(pose.length * 2, (frames + 1) * stride));
        }
        frameT[frames] = t;
        int at = frames * stride;
        for (int b : movingBodies) {
            sim.readBodyPos(b, pos);
            sim.readBodyQuat(b, quat);
            for (double x : pos) {
                pose[at++] = Math.round(x / Recording.POS_UNIT);
            }
            for (double x : quat) {
                pose[at++] = Math.round(x / Recording.QUAT_UNIT);
            }
        }
        frames++;
    }

    private void event(long t, String loop, String kind, String label, ArrayNode value) {
        ObjectNode e = events.addObject().put("t_us", t);
        if (loop != null) {
            e.put("loop", loop);
        }
        e.put("kind", kind).put("label", label);
        if (value != null) {
            e.set("value", value);
        }
    }

    private ObjectNode document(EpisodeRecord r) {
        ObjectNode doc = F.objectNode();
        doc.put("format", Recording.FORMAT);
        ObjectNode ep = doc.putObject("episode");
        ep.put("scenario", r.scenario()).put("robot", r.robot()).put("seed", r.seed())
            .put("condition", r.condition()).put("stack", r.stack()).put("variant", r.variant())
            .put("success", r.success()).put("failure_reason", r.failureReason())
            .put("sim_time_s", r.simTimeS());
        if (r.timeToSuccessS() != null) {
            ep.put("time_to_success_s", r.timeToSuccessS());
        }
        doc.put("instruction", world.instruction());
        doc.put("dt_s", world.dt());
        String object = world.episode().object().bodyName();
        int objectBody = geometry.bodies().indexOf(object);
        ObjectNode fin = doc.putObject("final_object").put("body", object);
        sim.readBodyPos(objectBody, pos);
        sim.readBodyQuat(objectBody, quat);
        numbers(fin, "pos", pos, 0);
        numbers(fin, "quat", quat, 0);
        doc.set("bodies", initial.get("bodies"));
        ArrayNode geoms = doc.putArray("geoms");
        for (SceneGeometry.Geom g : geometry.geoms()) {
            ObjectNode o = geoms.addObject().put("name", g.name()).put("type", g.type()).put("body", g.body());
            numbers(o, "size", g.size(), 1e-6);
            double[] rgba = new double[4];
            for (int i = 0; i < 4; i++) {
                rgba[i] = g.rgba()[i];
            }
            numbers(o, "rgba", rgba, 1e-3);
            numbers(o, "pos", g.pos(), 1e-6);
            numbers(o, "quat", g.quat(), 1e-6);
        }
        ObjectNode fr = doc.putObject("frames");
        fr.put("rate_hz", FRAME_HZ).put("pos_unit_m", Recording.POS_UNIT).put("quat_unit", Recording.QUAT_UNIT);
        ArrayNode mb = fr.putArray("bodies");
        for (int b : movingBodies) {
            mb.add(b);
        }
        Recording.delta(frameT, frames).forEach(fr.putArray("t_us")::add);
        int stride = movingBodies.length * 7;
        ArrayNode poses = fr.putArray("pose");
        for (int f = 0; f < frames; f++) {
            for (int s = 0; s < stride; s++) {
                int i = f * stride + s;
                poses.add(f == 0 ? pose[i] : pose[i] - pose[i - stride]);
            }
        }
        ArrayNode loops = doc.putArray("loops");
        for (Lane l : lanes.values()) {
            var rec = r.loops().get(l.spec.name());
            ObjectNode o = loops.addObject().put("name", l.spec.name())
                .put("role", l.spec.role().name().toLowerCase(java.util.Locale.ROOT)).put("rate_hz", l.spec.rateHz())
                .put("latency_model", rec != null ? rec.latencyModel() : l.spec.latency().toString());
            Recording.delta(l.start.v, l.start.n).forEach(o.putArray("start_us")::add);
            ArrayNode lat = o.putArray("latency_us");
            for (int i = 0; i < l.latency.n; i++) {
                lat.add(l.latency.v[i]);
            }
            Recording.delta(l.missAt.v, l.missAt.n).forEach(o.putArray("miss_us")::add);
            ArrayNode mc = o.putArray("miss_count");
            for (int i = 0; i < l.missCount.n; i++) {
                mc.add(l.missCount.v[i]);
            }
            Recording.delta(l.chunks.v, l.chunks.n).forEach(o.putArray("chunk_us")::add);
        }
        doc.set("events", events);
        return doc;
    }

    /** Puts {@code values} as array {@code field} of {@code o}, rounded to {@code unit} (0: as they are). */
    private static ArrayNode numbers(ObjectNode o, String field, double[] values, double unit) {
        ArrayNode a = o.putArray(field);
        for (double x : values) {
            a.add(unit > 0 ? round(x, unit) : x);
        }
        return a;
    }

    /** {@code x} to the nearest multiple of {@code unit} (a power of ten), printed short. */
    private static double round(double x, double unit) {
        double scale = Math.rint(1 / unit);
        return Math.round(x * scale) / scale;
    }
}
