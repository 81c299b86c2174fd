package org.stackarena.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stackarena.benchmarks.bench.BenchPlan;
import org.stackarena.benchmarks.bench.BenchRunner;
import org.stackarena.api.harness.EpisodeExecutor;
import org.stackarena.api.harness.EpisodeKey;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.Json;
import org.stackarena.api.harness.RecordSink;

/**
 * What one Spark task does on an executor: resolve the plan (once per executor JVM), then run its
 * partition's episodes with the harness's {@link EpisodeExecutor} on one worker thread, exactly as
 * a local worker does (one world kept while the scenario stays the same, one stack per name), and
 * return the records as JSON lines. Nothing is written on the executor.
 */
final class EpisodeTask extends scala.runtime.AbstractFunction1<scala.collection.Iterator<EpisodeId>, EpisodeTask.TaskResult>
    implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Plans resolved in this JVM, by their data (executors run many tasks of one plan). */
    private static final Map<PlanData, BenchPlan> PLANS = new ConcurrentHashMap<>();

    /**
     * A task's result.
     *
     * @param lines the records, one JSON line each, in completion order
     * @param failures episodes not recorded because of harness or world errors (also logged on the
     *     executor), with their error
     * @param executor where the task ran: executor id and host
     */
    record TaskResult(ArrayList<String> lines, ArrayList<Failure> failures, String executor) implements Serializable {
        private static final long serialVersionUID = 1L;

        TaskResult {
            java.util.Objects.requireNonNull(lines, "lines");
            java.util.Objects.requireNonNull(failures, "failures");
        }
    }

    /**
     * An episode a task could not run.
     *
     * @param episode the episode as {@code scenario/robot/seed/condition/stack[@variant]}
     * @param error the error's class and message, first line
     */
    record Failure(String episode, String error) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The failure of {@code spec} with {@code error}. */
        static Failure of(EpisodeSpec spec, Throwable error) {
            return new Failure(spec.scenario() + "/" + spec.robot() + "/" + spec.seed() + "/" + spec.condition() + "/"
                + spec.stack() + (spec.variant().isEmpty() ? "" : "@" + spec.variant()),
                SparkEngine.firstLine(error.toString()));
        }
    }

    private final PlanData plan;

    EpisodeTask(PlanData plan) {
        this.plan = plan;
    }

    @Override
    public TaskResult apply(scala.collection.Iterator<EpisodeId> ids) {
        BenchPlan p = PLANS.computeIfAbsent(plan, d -> BenchPlan.resolve(d.options()));
        Map<EpisodeKey, EpisodeSpec> byKey = new HashMap<>();
        p.specs().forEach(s -> byKey.put(s.key(), s));
        List<EpisodeSpec> specs = new ArrayList<>();
        while (ids.hasNext()) {
            EpisodeId id = ids.next();
            EpisodeSpec s = byKey.get(id.key());
            if (s == null) {
                throw new IllegalStateException("episode " + id + " is not in the plan resolved on this executor; "
                    + "are the scenario, condition and seed files the same as on the driver?");
            }
            specs.add(s);
        }
        Collector sink = new Collector();
        ArrayList<Failure> failures = new ArrayList<>();
        try {
            EpisodeExecutor.builder()
                .setWorlds(BenchRunner.worlds(p))
                .setStacks(BenchRunner.stacks(p))
                .setSink(sink)
                .optWorkers(1)
                .optErrorListener((spec, error) -> {
                    synchronized (failures) {
                        failures.add(Failure.of(spec, error));
                    }
                })
                .build()
                .run(specs);
            return new TaskResult(sink.lines(), failures, executor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("task interrupted", e);
        }
    }

    /** This executor's id and host, for messages on the driver. */
    private static String executor() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        if (env == null) {
            return "?";
        }
        return env.executorId() + " (" + env.blockManager().blockManagerId().host() + ")";
    }

    /** Keeps the records of one task in memory as JSON lines. */
    private static final class Collector implements RecordSink {
        private final ArrayList<String> lines = new ArrayList<>();
        private final java.util.Set<EpisodeKey> keys = new java.util.HashSet<>();

        @Override
        public synchronized boolean isFinished(EpisodeKey key) {
            return keys.contains(key);
        }

        @Override
        public synchronized void append(EpisodeRecord record) {
            if (!keys.add(record.key())) {
                throw new IllegalStateException("episode " + record.key() + " recorded twice in one task");
            }
            lines.add(Json.line(record));
        }

        synchronized ArrayList<String> lines() {
            return new ArrayList<>(lines);
        }

        @Override
        public String toString() {
            return "the task's record list";
        }
    }
}
