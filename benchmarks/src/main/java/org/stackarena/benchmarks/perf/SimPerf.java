package org.stackarena.benchmarks.perf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackarena.sim.Simulation;

/**
 * Steps one MJCF model from Java (through {@link Simulation}) and with MuJoCo's own C tool
 * {@code mujoco-testspeed}, in the same run, and reports both speeds and their ratio.
 *
 * <p>Identical work on both sides: passive dynamics from the model's initial state ({@code
 * qpos0}), zero controls, one thread ({@code mujoco-testspeed MODEL NSTEP 1 0}). The two are run
 * alternately for several rounds so drifting machine load hits both; the medians are compared.
 * Contacts per step are reported for both as evidence the work is the same.
 */
public final class SimPerf {

    /** The shipped reference model: a 3-joint arm with contacts. */
    public static final String DEFAULT_MODEL = "models/perf/arm3_box.xml";

    private static final Pattern STEPS_PER_S = Pattern.compile("Steps per second\\s*:\\s*([0-9.]+)");
    private static final Pattern CONTACTS = Pattern.compile("Contacts per step\\s*:\\s*([0-9.]+)");

    /**
     * What one comparison measured.
     *
     * @param model the model file stepped
     * @param steps steps per rollout
     * @param rounds alternating rounds run
     * @param javaStepsPerS median Java steps per second
     * @param nativeStepsPerS median C steps per second
     * @param ratio Java over native
     * @param javaContactsPerStep mean contacts per step seen from Java
     * @param nativeContactsPerStep mean contacts per step reported by the C tool
     * @param javaRounds every Java round
     * @param nativeRounds every native round
     */
    public record Result(String model, int steps, int rounds, double javaStepsPerS,
                         double nativeStepsPerS, double ratio, double javaContactsPerStep,
                         double nativeContactsPerStep, double[] javaRounds, double[] nativeRounds) {}

    private final Path model;
    private final int steps;
    private final int rounds;
    private final String testspeed;

    /**
     * @param model MJCF file to step
     * @param steps steps per rollout (each side)
     * @param rounds alternating rounds
     * @param testspeed path or name of the {@code mujoco-testspeed} executable
     */
    public SimPerf(Path model, int steps, int rounds, String testspeed) {
        if (steps < 100 || rounds < 1) {
            throw new IllegalArgumentException("need at least 100 steps and 1 round");
        }
        this.model = model;
        this.steps = steps;
        this.rounds = rounds;
        this.testspeed = testspeed;
    }

    /**
     * Copies the shipped reference model out of the jar so the C tool can read it.
     *
     * @return the path of the copy
     */
    public static Path extractDefaultModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("arm3_box.xml");
        try (InputStream in = Simulation.class.getResourceAsStream(DEFAULT_MODEL)) {
            Files.writeString(out, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Runs the comparison. */
    public Result run() throws IOException, InterruptedException {
        double[] javaRounds = new double[rounds];
        double[] nativeRounds = new double[rounds];
        double nativeContacts = 0;
        double javaContacts;
        try (Simulation sim = Simulation.load(model)) {
            javaContacts = contactsPerStep(sim);
            javaRollout(sim); // JIT warm-up
            javaRollout(sim);
            for (int r = 0; r < rounds; r++) {
                double[] nat = nativeRollout();
                nativeRounds[r] = nat[0];
                nativeContacts = nat[1];
                javaRounds[r] = javaRollout(sim);
            }
        }
        double j = median(javaRounds);
        double n = median(nativeRounds);
        return new Result(model.toString(), steps, rounds, j, n, j / n, javaContacts, nativeContacts,
            javaRounds, nativeRounds);
    }

    private double javaRollout(Simulation sim) {
        sim.reset();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            sim.step();
        }
        long t1 = System.nanoTime();
        return steps / ((t1 - t0) * 1e-9);
    }

    private double contactsPerStep(Simulation sim) {
        sim.reset();
        long total = 0;
        for (int i = 0; i < steps; i++) {
            sim.step();
            total += sim.contactCount();
        }
        return (double) total / steps;
    }

    private double[] nativeRollout() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(testspeed, model.toString(), Integer.toString(steps), "1", "0"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + testspeed + " (install the Debian package libmujoco-samples): "
                + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(testspeed + " failed: " + out.strip());
        }
        Matcher m = STEPS_PER_S.matcher(out);
        Matcher c = CONTACTS.matcher(out);
        if (!m.find() || !c.find()) {
            throw new IOException("unexpected output from " + testspeed + ": " + out.strip());
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(c.group(1))};
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
