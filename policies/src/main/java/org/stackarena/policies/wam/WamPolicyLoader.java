package org.stackarena.policies.wam;

import java.nio.file.Path;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;

/**
 * Loader of format {@value WamSpec#FORMAT}: a world-action-model checkpoint ({@code policy.json},
 * {@code wam.params} and the frozen VLA checkpoint in {@code encoder/}, what {@code stackarena train --arch wam}
 * writes) as the two-stage {@link WamStack} at the checkpoint's planning budget and loop rates, {@code measured}
 * latency, and the policy.json's {@code chunk_execution}, else ensembling over 1 s.
 */
public final class WamPolicyLoader implements PolicyLoader {

    @Override
    public String format() {
        return WamSpec.FORMAT;
    }

    /** Loads the world model and its encoder once and describes the checkpoint. */
    @Override
    public String check(Path dir) {
        try (WamPolicy p = WamPolicy.load(dir)) {
            WamSpec.Planner b = p.spec().planner();
            return "world-action model " + dir + " (planner " + p.spec().loops().plannerHz() + " Hz, " + b.samples()
                + " samples x " + b.horizon() + " steps x " + b.iterations() + " iterations; tracker "
                + p.spec().loops().trackerHz() + " Hz)";
        }
    }

    @Override
    public PolicyStack load(Path dir, Options options) {
        WamPolicy p = WamPolicy.load(dir);
        return WamStack.create(p, options.stackName(), LatencyModel.measured(1.0),
            options.chunkExecutionOr(WamStack.defaultExecution(p.spec())));
    }
}
