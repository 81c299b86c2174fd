package org.stackarena.policies.wam;

import java.nio.file.Path;
import org.stackarena.api.ControlStack;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.StackContext;
import org.stackarena.api.StackProvider;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;

/**
 * Provider {@code wam}: the world-action-model stack with the shipped checkpoint, or the checkpoint directory
 * named by the system property {@value #PROPERTY} (or environment variable {@value #ENV}); the planning budget
 * of the checkpoint, or {@code SAMPLESxHORIZON} from {@value #BUDGET_PROPERTY} / {@value #BUDGET_ENV} (for a
 * planning-budget table); chunk execution as the run asks ({@code --chunking}), else the checkpoint's.
 */
public final class WamStackProvider implements StackProvider {

    /** System property naming a checkpoint directory. */
    public static final String PROPERTY = "stackarena.wam.checkpoint";
    /** Environment variable naming a checkpoint directory. */
    public static final String ENV = "STACKARENA_WAM_CHECKPOINT";
    /** System property overriding the planning budget, {@code SAMPLESxHORIZON} (e.g. {@code 32x4}). */
    public static final String BUDGET_PROPERTY = "stackarena.wam.budget";
    /** Environment variable overriding the planning budget. */
    public static final String BUDGET_ENV = "STACKARENA_WAM_BUDGET";

    @Override
    public String name() {
        return "wam";
    }

    @Override
    public String description() {
        return "world-action model: frozen VLA System 2 encoder + learned latent dynamics; MPPI imagines "
            + "candidate chunks around System 1's proposal at 10 Hz, a 100 Hz tracker executes the chosen one";
    }

    @Override
    public ControlStack create(StackContext context) {
        WamPolicy p = loadPolicy();
        try {
            WamSpec.Planner planner = budget(p.spec().planner(), setting(BUDGET_PROPERTY, BUDGET_ENV));
            ChunkExecution execution = PolicyLoader.Options.forContext(name(), context)
                .chunkExecutionOr(WamStack.defaultExecution(p.spec()));
            return WamStack.create(p, name(), planner, p.spec().loops().plannerHz(), p.spec().loops().trackerHz(),
                LatencyModel.measured(1.0), execution);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The configured checkpoint: {@value #PROPERTY}, {@value #ENV}, else the shipped one. */
    public static WamPolicy loadPolicy() {
        String dir = setting(PROPERTY, ENV);
        return dir == null ? WamPolicy.loadDefault() : WamPolicy.load(Path.of(dir));
    }

    /**
     * {@code base} with the budget {@code value} ({@code SAMPLESxHORIZON}), or {@code base} for null.
     *
     * @throws IllegalArgumentException one line naming the setting, for a malformed or out-of-range value
     */
    static WamSpec.Planner budget(WamSpec.Planner base, String value) {
        if (value == null) {
            return base;
        }
        String[] p = value.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length != 2) {
                throw new NumberFormatException();
            }
            return base.withBudget(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BUDGET_PROPERTY + " / " + BUDGET_ENV + ": '" + value
                + "' is not SAMPLESxHORIZON (e.g. 64x8)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BUDGET_PROPERTY + " / " + BUDGET_ENV + ": '" + value + "': "
                + e.getMessage());
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
