package org.stackarena.benchmarks.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.benchmarks.report.RunInfo;
import org.stackarena.api.harness.EpisodeExecutor;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.ResultsStore;

/**
 * How {@code bench} and {@code sweep} run their episodes: {@code local} (worker threads in this
 * process, {@link LocalEngine}) or an engine from another jar on the classpath, such as
 * {@code spark} from the optional {@code stackarena-spark} module. Engines are found with
 * {@link ServiceLoader} ({@code META-INF/services/org.stackarena.benchmarks.bench.EpisodeEngine})
 * and chosen by {@link #name()}.
 *
 * <p>Contract, whatever the engine: every spec of the job not yet in the store is run at most
 * once per call, and its record is appended to the job's {@link ResultsStore} by the calling
 * process only, each as soon as it is known, so a resumed run (with any engine) skips it. A
 * record for an episode already in the store (a retried task, a duplicate spec) is dropped.
 */
public interface EpisodeEngine {

    /** The name {@code --engine} selects it by. */
    String name();

    /**
     * Checks the engine's own settings before anything is written.
     *
     * @param master {@code --master}, or null
     * @param conf {@code --conf} settings, in the order given (empty if none)
     * @throws UserInputException naming the option and value if this engine cannot use them
     */
    default void check(String master, Map<String, String> conf) {}

    /**
     * Runs the job's episodes that are not in its store yet.
     *
     * @return what ran (episodes run and recorded, skipped because already recorded or
     *     duplicated, not recorded because of harness or world errors: a re-run retries those)
     *     and, for a distributed engine, on what
     * @throws UserInputException if a setting of the job is wrong for this engine
     */
    Outcome run(Job job) throws Exception;

    /**
     * What an engine's run did.
     *
     * @param result the episodes run, skipped and not run
     * @param cluster the executors a distributed engine used, null for the local engine
     */
    record Outcome(EpisodeExecutor.Result result, RunInfo.Cluster cluster) {
        /** Checks the result is there. */
        public Outcome {
            java.util.Objects.requireNonNull(result, "result");
        }
    }

    /**
     * One engine run.
     *
     * @param plan the resolved plan (its specs are what to run)
     * @param options the options the plan was resolved from: plain data an engine can ship to
     *     other processes and resolve there again
     * @param store where records go; append from the calling process only
     * @param workers {@code --workers}: worker threads of the local engine
     * @param master {@code --master}: where a distributed engine runs (e.g. a Spark master URL),
     *     null for the engine's default
     * @param conf {@code --conf}: a distributed engine's settings (empty if none)
     */
    record Job(BenchPlan plan, BenchPlan.Options options, ResultsStore store, int workers, String master,
               Map<String, String> conf) {

        /** Copies the settings. */
        public Job {
            conf = conf == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conf));
        }

        /** A job without engine settings. */
        public Job(BenchPlan plan, BenchPlan.Options options, ResultsStore store, int workers, String master) {
            this(plan, options, store, workers, master, Map.of());
        }

        /** The plan's specs that are not in the store, without duplicates, in plan order. */
        public List<EpisodeSpec> pending() {
            List<EpisodeSpec> out = new ArrayList<>();
            java.util.Set<org.stackarena.api.harness.EpisodeKey> seen = new java.util.HashSet<>();
            for (EpisodeSpec s : plan.specs()) {
                if (seen.add(s.key()) && !store.isFinished(s.key())) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** Every engine on the classpath. */
    static List<EpisodeEngine> all() {
        List<EpisodeEngine> out = new ArrayList<>();
        ServiceLoader.load(EpisodeEngine.class).forEach(out::add);
        return out;
    }

    /**
     * The engine named {@code name}.
     *
     * @throws UserInputException naming the engines found if there is none by that name
     */
    static EpisodeEngine named(String name) {
        List<EpisodeEngine> all = all();
        for (EpisodeEngine e : all) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        TreeSet<String> have = new TreeSet<>();
        all.forEach(e -> have.add(e.name()));
        if (name.equals("spark")) {
            throw new UserInputException("--engine spark: the optional spark module is not on the classpath ("
                + "./stackarena builds it on first use; by hand: mvn -Pspark -pl spark -am package, then add "
                + "spark/target/*.jar and spark/target/lib/* to the classpath)");
        }
        throw new UserInputException("--engine " + name + ": unknown engine (have: " + String.join(", ", have) + ")");
    }
}
