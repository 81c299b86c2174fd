package org.stackarena.policies;

import java.nio.file.Path;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;

/**
 * Loader of format {@value PolicySpec#FORMAT}: a checkpoint of the built-in dual-system VLA
 * ({@code policy.json} + {@code vla.params}, what {@code stackarena train} writes) as the two-stage
 * {@link VlaStack} at the checkpoint's loop rates, {@code measured} latency, and by default the
 * policy.json's {@code chunk_execution}, else {@code ensemble} chunk execution over one chunk's span.
 */
public final class VlaPolicyLoader implements PolicyLoader {

    @Override
    public String format() {
        return PolicySpec.FORMAT;
    }

    /** Loads the weights once (shapes checked against policy.json) and describes the checkpoint. */
    @Override
    public String check(Path dir) {
        try (VlaPolicy p = VlaPolicy.load(dir)) {
            return "built-in VLA checkpoint " + dir + " (System 1 " + p.spec().system1Hz() + " Hz, System 2 "
                + p.spec().system2Hz() + " Hz)";
        }
    }

    @Override
    public PolicyStack load(Path dir, Options options) {
        VlaPolicy p = VlaPolicy.load(dir);
        return VlaStack.create(p, options.stackName(), p.spec().system1Hz(), p.spec().system2Hz(),
            LatencyModel.measured(1.0), options.chunkExecutionOr(VlaStack.defaultExecution(p.spec())));
    }
}
