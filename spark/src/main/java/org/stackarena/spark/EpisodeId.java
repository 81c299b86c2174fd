package org.stackarena.spark;

import java.io.Serializable;
import org.stackarena.api.harness.EpisodeKey;
import org.stackarena.api.harness.EpisodeSpec;

/**
 * An episode's identity as serialisable data: one element of the Spark dataset. The executor
 * finds the full {@link EpisodeSpec} (latency overrides included) in the plan it resolved.
 *
 * @param scenario scenario id
 * @param robot robot id
 * @param seed seed
 * @param condition condition name
 * @param stack stack name
 * @param variant variant label ("" for none)
 */
record EpisodeId(String scenario, String robot, long seed, String condition, String stack, String variant)
    implements Serializable {

    private static final long serialVersionUID = 1L;

    static EpisodeId of(EpisodeSpec s) {
        return new EpisodeId(s.scenario(), s.robot(), s.seed(), s.condition(), s.stack(), s.variant());
    }

    EpisodeKey key() {
        return new EpisodeKey(scenario, robot, seed, condition, stack, variant);
    }
}
