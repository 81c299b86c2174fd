package org.stackarena.benchmarks.bench;

import java.util.Map;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.api.harness.EpisodeExecutor;

/**
 * The default engine: the harness's {@link EpisodeExecutor} on {@code --workers} threads in this
 * process, appending straight to the run's {@code episodes.jsonl}.
 */
public final class LocalEngine implements EpisodeEngine {

    /** Its {@code --engine} name. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void check(String master, Map<String, String> conf) {
        if (master != null) {
            throw new UserInputException("--master " + master + ": only for a distributed engine (e.g. "
                + "--engine spark); the local engine runs --workers threads here");
        }
        if (!conf.isEmpty()) {
            Map.Entry<String, String> e = conf.entrySet().iterator().next();
            throw new UserInputException("--conf " + e.getKey() + "=" + e.getValue() + ": only for a distributed "
                + "engine (e.g. --engine spark); the local engine has no settings of its own");
        }
    }

    @Override
    public Outcome run(Job job) throws InterruptedException {
        check(job.master(), job.conf());
        return new Outcome(EpisodeExecutor.builder()
            .setWorlds(BenchRunner.worlds(job.plan()))
            .setStacks(BenchRunner.stacks(job.plan()))
            .setStore(job.store())
            .optWorkers(job.workers())
            .build()
            .run(job.plan().specs()), null);
    }
}
