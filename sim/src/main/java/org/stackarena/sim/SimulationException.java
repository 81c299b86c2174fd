package org.stackarena.sim;

/**
 * A MuJoCo error raised during simulation (an {@code mju_error} inside stepping or forward
 * dynamics), turned into a Java exception instead of MuJoCo's default {@code exit(1)}.
 *
 * <p>When this is thrown the simulation's data has already been reset with
 * {@code mj_resetData}, so the {@link Simulation} object stays usable.
 */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what MuJoCo reported, prefixed with the model's name
     */
    public SimulationException(String message) {
        super(message);
    }
}
