package org.stackarena.benchmarks.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.stackarena.benchmarks.perf.SimPerf;
import org.stackarena.sim.Simulation;

/**
 * {@link Simulation#step()} and a state read on the shipped 3-joint arm with contacts. Run with
 * {@code ./stackarena perf jmh SimulationStep -prof gc}: the target is 0 B/op allocated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimulationStepBenchmark {

    private Simulation sim;
    private double[] qpos;
    private int tip;
    private double[] tipPos;
    private int stepsSinceReset;

    /** Loads the model once per trial. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("stackarena-jmh");
        sim = Simulation.load(SimPerf.extractDefaultModel(dir));
        qpos = new double[sim.nq()];
        tipPos = new double[3];
        tip = sim.id(Simulation.ObjType.SITE, "tip");
    }

    /** Frees the native model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        sim.close();
    }

    /** One physics step (reset every 5000 steps so the arm keeps touching the box). */
    @Benchmark
    public double step() {
        if (++stepsSinceReset == 5000) {
            sim.reset();
            stepsSinceReset = 0;
        }
        sim.step();
        return sim.time();
    }

    /** One physics step plus reading qpos and a site position, as a control loop does. */
    @Benchmark
    public void stepAndRead(Blackhole bh) {
        if (++stepsSinceReset == 5000) {
            sim.reset();
            stepsSinceReset = 0;
        }
        sim.step();
        sim.readQpos(qpos);
        sim.readSitePos(tip, tipPos);
        bh.consume(qpos);
        bh.consume(tipPos);
    }
}
