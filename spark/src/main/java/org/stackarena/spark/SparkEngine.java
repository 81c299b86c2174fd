package org.stackarena.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.api.harness.EpisodeExecutor;
import org.stackarena.api.harness.EpisodeKey;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.Json;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * {@code --engine spark}: the episodes not yet recorded become a Spark dataset (an RDD of
 * {@link EpisodeId}s in plan order, cut into contiguous partitions so a task keeps its world
 * across seeds and stacks); each task resolves the plan on its executor and runs its episodes
 * with the harness ({@link EpisodeTask}); as each task finishes, the driver appends its records to
 * the run's {@code episodes.jsonl} through the same {@code ResultsStore} a local run uses,
 * forcing each line to disk. Only the driver writes, and it drops a record whose episode is
 * already stored, so a task retried by Spark cannot duplicate records and a killed driver keeps
 * everything it had written (the next run, with either engine, skips it).
 *
 * <p>Master: {@code --master}, else {@code spark.master} (as set by {@code spark-submit}), else
 * {@code local[*]}. The Spark UI is off unless {@code spark.ui.enabled} is set.
 * {@code spark.stackarena.episodesPerTask} sets the partition size (default: about four tasks
 * per core of the cluster's default parallelism, for load balance).
 */
public final class SparkEngine implements EpisodeEngine {

    /** Its {@code --engine} name. */
    public static final String NAME = "spark";
    /** The master when neither {@code --master} nor {@code spark.master} is given. */
    public static final String DEFAULT_MASTER = "local[*]";
    /** Spark setting: episodes per task (partition). */
    public static final String EPISODES_PER_TASK = "spark.stackarena.episodesPerTask";
    /** Tasks per core of default parallelism when {@link #EPISODES_PER_TASK} is not set. */
    static final int TASKS_PER_CORE = 4;

    /** The master URL forms Spark knows (checked first: a bad one is a user error, not a stack trace). */
    static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
        "local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?\\])?|local-cluster\\[\\d+, *\\d+, *\\d+\\]|spark://.+|yarn|k8s://.+");

    private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

    static {
        quietLogging(); // before any Spark class makes its logger (levels are fixed at creation)
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void check(String master) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new UserInputException("--master " + master + ": not a Spark master URL (local, local[N], local[*], "
                + "local[N,maxFailures], spark://HOST:PORT, yarn or k8s://URL)");
        }
    }

    @Override
    public EpisodeExecutor.Result run(Job job) {
        if (job.options() == null) {
            throw new IllegalArgumentException("the spark engine needs the options the plan was resolved from");
        }
        List<EpisodeSpec> pending = job.pending();
        int skipped = job.plan().specs().size() - pending.size();
        if (pending.isEmpty()) {
            return new EpisodeExecutor.Result(0, skipped, 0, List.of());
        }
        SparkConf conf = conf(job);
        String master = conf.get("spark.master");
        check(master);
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(conf);
        } catch (Exception e) { // SparkException (undeclared by Scala) or IllegalArgumentException
            throw new UserInputException("--master " + master + ": Spark could not start: " + firstLine(e.getMessage()));
        }
        Receiver receiver = new Receiver(job, pending);
        try {
            List<EpisodeId> ids = pending.stream().map(EpisodeId::of).toList();
            int slices = slices(ids.size(), jsc.defaultParallelism(), conf.getInt(EPISODES_PER_TASK, 0));
            JavaRDD<EpisodeId> rdd = jsc.parallelize(new ArrayList<>(ids), slices);
            LOG.info("spark: {} episodes in {} tasks on {}", ids.size(), slices, jsc.master());
            jsc.sc().runJob(rdd.rdd(), new EpisodeTask(PlanData.of(job.options())), receiver,
                ClassTag$.MODULE$.apply(EpisodeTask.Outcome.class));
        } catch (RuntimeException e) {
            // the job was aborted (a task failed more than spark.task.maxFailures times): what was
            // received is stored; the rest counts as not run, so the same command retries it
            LOG.error("spark job failed; {} episode(s) not run: {}", pending.size() - receiver.ran - receiver.duplicates,
                firstLine(e.getMessage()), e);
        } finally {
            jsc.stop();
        }
        int notRun = pending.size() - receiver.ran - receiver.duplicates;
        return new EpisodeExecutor.Result(receiver.ran, skipped + receiver.duplicates, notRun,
            List.copyOf(receiver.records));
    }

    /** Number of partitions for {@code n} episodes. */
    static int slices(int n, int parallelism, int episodesPerTask) {
        int per = episodesPerTask > 0 ? episodesPerTask
            : Math.max(1, (int) Math.ceil(n / (double) (Math.max(1, parallelism) * TASKS_PER_CORE)));
        return Math.max(1, (int) Math.ceil(n / (double) per));
    }

    static SparkConf conf(Job job) {
        SparkConf conf = new SparkConf().setAppName("stackarena " + job.plan().suite().name());
        if (job.master() != null) {
            conf.setMaster(job.master());
        } else {
            conf.setIfMissing("spark.master", DEFAULT_MASTER);
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // everything in this process: stay on the loopback interface
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    /**
     * Spark and Hadoop log through SLF4J (slf4j-simple in the CLI): warnings only, unless the
     * user set a level. Executors use the module's {@code log4j2.properties} (WARN).
     */
    static void quietLogging() {
        for (String[] l : new String[][] {{"org.apache.spark", "warn"}, {"org.sparkproject", "warn"},
            {"io.netty", "warn"}, {"org.apache.hadoop", "error"}}) {
            String key = "org.slf4j.simpleLogger.log." + l[0];
            if (System.getProperty(key) == null) {
                System.setProperty(key, l[1]);
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    /** Runs on the driver as each task's result arrives: appends its records, one forced line each. */
    static final class Receiver extends AbstractFunction2<Object, EpisodeTask.Outcome, BoxedUnit> {
        private final Job job;
        private final Set<EpisodeKey> expected = new HashSet<>();
        private final List<EpisodeRecord> records = new ArrayList<>();
        private int ran;
        private int duplicates;

        Receiver(Job job, List<EpisodeSpec> pending) {
            this.job = job;
            pending.forEach(s -> expected.add(s.key()));
        }

        @Override
        public synchronized BoxedUnit apply(Object partition, EpisodeTask.Outcome outcome) {
            for (String line : outcome.lines()) {
                EpisodeRecord r;
                try {
                    r = Json.parseRecord(line);
                } catch (JsonProcessingException e) {
                    LOG.error("task {} sent a malformed record ({}); episode not recorded", partition,
                        e.getOriginalMessage());
                    continue;
                }
                if (!expected.contains(r.key()) || job.store().isFinished(r.key())) {
                    duplicates++;
                    LOG.warn("episode {} arrived again (a retried task?); keeping the first record", r.key());
                    continue;
                }
                try {
                    job.store().append(r);
                    records.add(r);
                    ran++;
                } catch (IOException | RuntimeException e) {
                    LOG.error("episode {} ran but could not be written to {}: {}", r.key(), job.store(), e.toString());
                }
            }
            return BoxedUnit.UNIT;
        }
    }
}
