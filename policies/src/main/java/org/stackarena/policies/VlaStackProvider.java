package org.stackarena.policies;

import java.nio.file.Path;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;

/**
 * Provider {@code vla}: the dual-system VLA with the shipped checkpoint, or the checkpoint
 * directory named by the system property {@value #PROPERTY} (or environment variable
 * {@value #ENV}); chunk execution as the run asks ({@code --chunking}), else the checkpoint's default.
 */
public final class VlaStackProvider implements StackProvider {

    /** System property naming a checkpoint directory. */
    public static final String PROPERTY = "stackarena.vla.checkpoint";
    /** Environment variable naming a checkpoint directory. */
    public static final String ENV = "STACKARENA_VLA_CHECKPOINT";

    @Override
    public String name() {
        return "vla";
    }

    @Override
    public String description() {
        return "dual-system VLA (DJL/PyTorch): System 2 image+instruction -> goal estimate (object and goal "
            + "positions) at 5 Hz, System 1 goal+proprioception -> absolute EE-pose waypoint chunks at 100 Hz, "
            + "temporally ensembled";
    }

    /** The stack with the run's chunk execution ({@link StackContext#chunkExecution}), else the checkpoint's. */
    @Override
    public ControlStack create(StackContext context) {
        VlaPolicy p = loadPolicy();
        ChunkExecution execution = PolicyLoader.Options.forContext(name(), context)
            .chunkExecutionOr(VlaStack.defaultExecution(p.spec()));
        return VlaStack.create(p, name(), p.spec().system1Hz(), p.spec().system2Hz(), LatencyModel.measured(1.0),
            execution);
    }

    /** The configured checkpoint: {@value #PROPERTY}, {@value #ENV}, else the shipped one. */
    public static VlaPolicy loadPolicy() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(ENV);
        }
        return dir == null || dir.isBlank() ? VlaPolicy.loadDefault() : VlaPolicy.load(Path.of(dir));
    }
}
