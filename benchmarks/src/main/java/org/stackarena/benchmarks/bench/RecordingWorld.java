package org.stackarena.benchmarks.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.stackarena.api.harness.Verdict;
import org.stackarena.api.harness.World;
import org.stackarena.api.Action;
import org.stackarena.api.ActionSpace;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.Proprioception;
import org.stackarena.api.RobotDescription;

/**
 * A {@link World} decorator that renders one camera every {@code frameIntervalS} of sim time and
 * hands each episode's frames to a sink when the next episode starts or the world closes.
 * Rendering is expensive and, under the field condition, draws from the world's noise stream, so
 * a recorded episode is a replay for the video, not part of the measured run.
 */
public final class RecordingWorld implements World {

    /**
     * The frames of one episode.
     *
     * @param seed episode seed
     * @param instruction the episode's instruction
     * @param frames RGB frames, oldest first
     */
    public record Frames(long seed, String instruction, List<CameraFrame> frames) {}

    private final World inner;
    private final String camera;
    private final double frameIntervalS;
    private long everySteps = 1;
    private final int maxFrames;
    private final Consumer<Frames> sink;
    private List<CameraFrame> frames;
    private long seed;
    private long steps;

    /**
     * @param inner the world to record (closed with this one)
     * @param camera camera name, e.g. {@code front}
     * @param frameIntervalS sim seconds between frames (and a frame right after reset)
     * @param maxFrames frames kept per episode at most
     * @param sink receives each finished episode's frames
     */
    public RecordingWorld(World inner, String camera, double frameIntervalS, int maxFrames, Consumer<Frames> sink) {
        this.inner = inner;
        this.camera = camera;
        this.frameIntervalS = frameIntervalS;
        this.maxFrames = maxFrames;
        this.sink = sink;
    }

    @Override
    public void reset(long seed) {
        flush();
        inner.reset(seed);
        this.seed = seed;
        this.steps = 0;
        this.everySteps = Math.max(1, Math.round(frameIntervalS / inner.dt()));
        this.frames = new ArrayList<>();
        frames.add(inner.render(camera));
    }

    private void flush() {
        if (frames != null && !frames.isEmpty()) {
            sink.accept(new Frames(seed, inner.instruction(), List.copyOf(frames)));
        }
        frames = null;
    }

    @Override
    public Optional<String> step() {
        Optional<String> w = inner.step();
        if (++steps % everySteps == 0 && frames != null && frames.size() < maxFrames) {
            frames.add(inner.render(camera));
        }
        return w;
    }

    @Override
    public double dt() {
        return inner.dt();
    }

    @Override
    public double time() {
        return inner.time();
    }

    @Override
    public double timeLimit() {
        return inner.timeLimit();
    }

    @Override
    public String instruction() {
        return inner.instruction();
    }

    @Override
    public RobotDescription robot() {
        return inner.robot();
    }

    @Override
    public List<String> cameras() {
        return inner.cameras();
    }

    @Override
    public Proprioception proprioception() {
        return inner.proprioception();
    }

    @Override
    public CameraFrame render(String cam) {
        return inner.render(cam);
    }

    @Override
    public void apply(Action action, ActionSpace space) {
        inner.apply(action, space);
    }

    @Override
    public Verdict judge() {
        return inner.judge();
    }

    @Override
    public double[] eePosition() {
        return inner.eePosition();
    }

    @Override
    public long collisions() {
        return inner.collisions();
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            inner.close();
        }
    }
}
