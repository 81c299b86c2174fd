package org.stackarena.benchmarks.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.stackarena.api.harness.ForwardingWorld;
import org.stackarena.api.harness.World;
import org.stackarena.api.CameraFrame;

/**
 * A {@link World} decorator that renders one camera every {@code frameIntervalS} of sim time and
 * hands each episode's frames to a sink when the next episode starts or the world closes.
 * Rendering is expensive and, under the field condition, draws from the world's noise stream, so
 * a recorded episode is a replay for the video, not part of the measured run.
 */
public final class RecordingWorld extends ForwardingWorld {

    /**
     * The frames of one episode.
     *
     * @param seed episode seed
     * @param instruction the episode's instruction
     * @param frames RGB frames, oldest first
     */
    public record Frames(long seed, String instruction, List<CameraFrame> frames) {}

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
        super(inner);
        this.camera = camera;
        this.frameIntervalS = frameIntervalS;
        this.maxFrames = maxFrames;
        this.sink = sink;
    }

    @Override
    public void reset(long seed) {
        flush();
        delegate.reset(seed);
        this.seed = seed;
        this.steps = 0;
        this.everySteps = Math.max(1, Math.round(frameIntervalS / delegate.dt()));
        this.frames = new ArrayList<>();
        frames.add(delegate.render(camera));
    }

    private void flush() {
        if (frames != null && !frames.isEmpty()) {
            sink.accept(new Frames(seed, delegate.instruction(), List.copyOf(frames)));
        }
        frames = null;
    }

    @Override
    public Optional<String> step() {
        Optional<String> w = delegate.step();
        if (++steps % everySteps == 0 && frames != null && frames.size() < maxFrames) {
            frames.add(delegate.render(camera));
        }
        return w;
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            delegate.close();
        }
    }
}
