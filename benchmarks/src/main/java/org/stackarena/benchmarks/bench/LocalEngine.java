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

    private final EpisodeExecutor.ListenerFactory listeners;

    /** The engine as {@code --engine local} finds it: no listeners. */
    public LocalEngine() {
        this((spec, world) -> org.stackarena.api.harness.EpisodeListener.NONE);
    }

    private LocalEngine(EpisodeExecutor.ListenerFactory listeners) {
        this.listeners = listeners;
    }

    /** This engine with a listener per episode (e.g. recorders for {@code --record}). */
    public LocalEngine withListeners(EpisodeExecutor.ListenerFactory listeners) {
        return new LocalEngine(java.util.Objects.requireNonNull(listeners, "listeners"));
    }

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
            .optListeners(listeners)
            .build()
            .run(job.plan().specs()), null);
    }
}
