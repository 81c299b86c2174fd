package org.stackarena.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackarena.benchmarks.bench.EpisodeEngine;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.benchmarks.report.RunInfo;
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
 * <p>Master: {@code --master}, else {@code spark.master} (as set by {@code spark-submit} or
 * {@code --conf}), else {@code local[*]}. {@code --conf KEY=VALUE} settings go into the job's
 * {@link SparkConf}. The Spark UI is off unless {@code spark.ui.enabled} is set.
 * {@code spark.stackarena.episodesPerTask} sets the partition size (default: about four tasks
 * per core of the executors, for load balance). On a master that is not local, executors are
 * other JVMs: unless {@code spark.jars} is set (spark-submit sets it to its jar), the cluster jar
 * next to this class's jar is shipped to them, and {@code spark.executor.userClassPathFirst} is
 * true unless set, so our javacpp is linked with our natives even when the cluster's class path
 * holds another.
 *
 * <p>Errors: an episode an executor could not run is logged on the driver, once per distinct
 * error, and the first few are kept in {@code run.json} ({@link RunInfo.Cluster#errors()}); a job
 * that fails (or anything else thrown while it runs) ends in one line, and what arrived is kept.
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
    /** Distinct executor-side errors logged and kept in {@code run.json}. */
    static final int MAX_ERRORS = 5;
    /** How long more executors may take to register after the first. */
    static final long SETTLE_MS = 1500;

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
    public void check(String master, Map<String, String> conf) {
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new UserInputException("--master " + master + ": not a Spark master URL (local, local[N], local[*], "
                + "local[N,maxFailures], spark://HOST:PORT, yarn or k8s://URL)");
        }
        for (Map.Entry<String, String> e : conf.entrySet()) {
            String kv = "--conf " + e.getKey() + "=" + e.getValue();
            if (!e.getKey().startsWith("spark.")) {
                throw new UserInputException(kv + ": not a Spark setting (Spark only reads keys starting with 'spark.')");
            }
            if (e.getKey().equals(EPISODES_PER_TASK) && !e.getValue().strip().matches("[1-9]\\d{0,8}")) {
                throw new UserInputException(kv + ": not a positive whole number of episodes per task");
            }
            if (e.getKey().equals("spark.master") && !MASTER.matcher(e.getValue()).matches()) {
                throw new UserInputException(kv + ": not a Spark master URL (local[N], spark://HOST:PORT, yarn or "
                    + "k8s://URL)");
            }
        }
        SparkConf c = new SparkConf();
        conf.forEach(c::set);
        String effective = master != null ? master : c.get("spark.master", DEFAULT_MASTER);
        if (!isLocal(effective) && !c.contains("spark.jars") && clusterJar() == null) {
            throw new UserInputException("--master " + effective + ": executors need StackArena's classes, and no "
                + "cluster jar was found next to " + codeSource() + "; build it with 'mvn -Pspark,cluster -pl spark "
                + "-am -DskipTests package' (./stackarena does so for a non-local --master) or give --conf "
                + "spark.jars=JAR");
        }
    }

    @Override
    public Outcome run(Job job) {
        if (job.options() == null) {
            throw new IllegalArgumentException("the spark engine needs the options the plan was resolved from");
        }
        List<EpisodeSpec> pending = job.pending();
        int skipped = job.plan().specs().size() - pending.size();
        if (pending.isEmpty()) {
            return new Outcome(new EpisodeExecutor.Result(0, skipped, 0, List.of()), null);
        }
        check(job.master(), job.conf());
        String token = UUID.randomUUID().toString();
        SparkConf conf = conf(job, token);
        String master = conf.get("spark.master");
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(conf);
        } catch (Exception e) { // SparkException (undeclared by Scala) or IllegalArgumentException
            ClusterListener.of(token);
            throw new UserInputException("--master " + master + ": Spark could not start: " + firstLine(e.getMessage()));
        }
        ClusterListener cluster = ClusterListener.of(token);
        if (cluster == null) { // spark.extraListeners replaced by the user: listen from now on
            cluster = new ClusterListener(conf);
            ClusterListener.of(token);
            jsc.sc().addSparkListener(cluster);
        }
        Receiver receiver = new Receiver(job, pending);
        String jobError = null;
        try {
            int cores = awaitExecutors(jsc, cluster, master);
            List<EpisodeId> ids = pending.stream().map(EpisodeId::of).toList();
            int slices = slices(ids.size(), Math.max(cores, jsc.defaultParallelism()), conf.getInt(EPISODES_PER_TASK, 0));
            JavaRDD<EpisodeId> rdd = jsc.parallelize(new ArrayList<>(ids), slices);
            LOG.info("spark: {} episodes in {} tasks on {}", ids.size(), slices, jsc.master());
            jsc.sc().runJob(rdd.rdd(), new EpisodeTask(PlanData.of(job.options())), receiver,
                ClassTag$.MODULE$.apply(EpisodeTask.TaskResult.class));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // SparkException (a task failed spark.task.maxFailures times), or anything else
            // what was received is stored; the rest counts as not run, so the same command retries it
            jobError = "spark job failed: " + firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            LOG.error("{}; {} episode(s) not run (run the same command again to retry them)", jobError,
                pending.size() - receiver.ran - receiver.duplicates);
            LOG.debug("spark job failure", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                jsc.stop();
            } catch (RuntimeException e) {
                LOG.warn("spark: stopping the context failed: {}", firstLine(e.getMessage()));
            }
        }
        int notRun = pending.size() - receiver.ran - receiver.duplicates;
        List<String> errors = receiver.errorSummary();
        if (!errors.isEmpty()) {
            LOG.error("spark: {} episode(s) could not be run on the executors: {}", receiver.failed,
                String.join("; ", errors));
        }
        if (jobError != null) {
            errors = new ArrayList<>(errors);
            errors.add(jobError);
        }
        RunInfo.Cluster ran = new RunInfo.Cluster(NAME, master, cluster.maxExecutors(), cluster.maxCores(),
            cluster.lost(), errors);
        return new Outcome(new EpisodeExecutor.Result(receiver.ran, skipped + receiver.duplicates, notRun,
            List.copyOf(receiver.records)), ran);
    }

    /**
     * On a cluster, executors register after the context starts: waits for the first (at most
     * {@code spark.scheduler.maxRegisteredResourcesWaitingTime}, default 30 s) and a moment for the
     * others started with it, so that the partitions fit the cores there are.
     *
     * @return the executors' cores now
     */
    private static int awaitExecutors(JavaSparkContext jsc, ClusterListener cluster, String master)
        throws InterruptedException {
        if (isLocal(master)) {
            return cluster.cores();
        }
        long waitMs = jsc.getConf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
        if (cluster.awaitExecutors(1, waitMs) == 0) {
            LOG.warn("spark: no executor registered within {} ms; the tasks wait for one", waitMs);
            return 0;
        }
        int before;
        do { // the others of the first wave register within a moment of the first
            before = cluster.cores();
            cluster.awaitExecutors(Integer.MAX_VALUE, SETTLE_MS);
        } while (cluster.cores() != before);
        LOG.info("spark: {} executor(s) with {} cores", cluster.maxExecutors(), cluster.cores());
        return cluster.cores();
    }

    /** Number of partitions for {@code n} episodes. */
    static int slices(int n, int parallelism, int episodesPerTask) {
        int per = episodesPerTask > 0 ? episodesPerTask
            : Math.max(1, (int) Math.ceil(n / (double) (Math.max(1, parallelism) * TASKS_PER_CORE)));
        return Math.max(1, (int) Math.ceil(n / (double) per));
    }

    static SparkConf conf(Job job, String listenerToken) {
        SparkConf conf = new SparkConf().setAppName("stackarena " + job.plan().suite().name());
        job.conf().forEach(conf::set);
        if (job.master() != null) {
            conf.setMaster(job.master());
        } else {
            conf.setIfMissing("spark.master", DEFAULT_MASTER);
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        if (isLocal(conf.get("spark.master"))) {
            // everything in this process: stay on the loopback interface
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else {
            Path jar = clusterJar();
            if (!conf.contains("spark.jars") && jar != null) { // not started by spark-submit: ship the cluster jar
                conf.set("spark.jars", jar.toString());
            }
            // our jar's classes before the cluster's: a javacpp (or other library) already on the
            // executors' class path would otherwise be loaded with our classes and fail to link
            conf.setIfMissing("spark.executor.userClassPathFirst", "true");
        }
        String listeners = conf.get("spark.extraListeners", "");
        conf.set("spark.extraListeners", (listeners.isBlank() ? "" : listeners + ",") + ClusterListener.class.getName());
        conf.set(ClusterListener.TOKEN, listenerToken);
        return conf;
    }

    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    /**
     * The jar executors need (StackArena and its libraries, not Spark): this class's own jar if it
     * is the cluster jar (started with {@code java -cp} on it), else a
     * {@code stackarena-spark-*-cluster.jar} in the folder of this class's jar or of its classes
     * folder's parent ({@code spark/target/}); null if there is none.
     */
    static Path clusterJar() {
        Path here = codeSource();
        if (here == null) {
            return null;
        }
        if (here.getFileName().toString().endsWith("-cluster.jar")) {
            return here;
        }
        Path dir = here.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("stackarena-spark-.*-cluster\\.jar"))
                .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Where this class was loaded from (a jar or a classes folder), null if unknown. */
    static Path codeSource() {
        try {
            var cs = SparkEngine.class.getProtectionDomain().getCodeSource();
            return cs == null ? null : Path.of(cs.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /**
     * Spark and Hadoop log through SLF4J (slf4j-simple in the CLI): warnings only, unless the
     * user set a level. Executors use the module's {@code log4j2.properties} (WARN).
     */
    static void quietLogging() {
        // a failed task's stack trace: ClusterListener logs one line per distinct reason instead
        for (String[] l : new String[][] {{"org.apache.spark", "warn"}, {"org.sparkproject", "warn"},
            {"io.netty", "warn"}, {"org.apache.hadoop", "error"},
            {"org.apache.spark.scheduler.TaskSetManager", "error"}}) {
            String key = "org.slf4j.simpleLogger.log." + l[0];
            if (System.getProperty(key) == null) {
                System.setProperty(key, l[1]);
            }
        }
    }

    /** The first line of {@code s}, at most 600 characters ("" for null). */
    static String firstLine(String s) {
        String l = s == null ? "" : s.strip().lines().findFirst().orElse("");
        return l.length() > 600 ? l.substring(0, 600) + "..." : l;
    }

    /**
     * Runs on the driver as each task's result arrives: appends its records, one forced line each,
     * and logs the first episode of each distinct error the executors met.
     */
    static final class Receiver extends AbstractFunction2<Object, EpisodeTask.TaskResult, BoxedUnit> {
        private final Job job;
        private final Set<EpisodeKey> expected = new HashSet<>();
        private final List<EpisodeRecord> records = new ArrayList<>();
        private final Map<String, Integer> errors = new LinkedHashMap<>();
        private final Map<String, String> firstOf = new HashMap<>();
        private int ran;
        private int duplicates;
        private int failed;

        Receiver(Job job, List<EpisodeSpec> pending) {
            this.job = job;
            pending.forEach(s -> expected.add(s.key()));
        }

        @Override
        public synchronized BoxedUnit apply(Object partition, EpisodeTask.TaskResult result) {
            for (String line : result.lines()) {
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
            for (EpisodeTask.Failure f : result.failures()) {
                failed++;
                if (errors.merge(f.error(), 1, Integer::sum) == 1) {
                    firstOf.put(f.error(), f.episode() + " on executor " + result.executor());
                    if (errors.size() <= MAX_ERRORS) {
                        LOG.error("episode {} could not be run on executor {}: {}", f.episode(), result.executor(),
                            f.error());
                    }
                }
            }
            return BoxedUnit.UNIT;
        }

        /** The first {@link #MAX_ERRORS} distinct errors: count, error, first episode and executor. */
        synchronized List<String> errorSummary() {
            List<String> out = new ArrayList<>();
            errors.forEach((e, n) -> {
                if (out.size() < MAX_ERRORS) {
                    out.add(n + " x " + e + " (first: " + firstOf.get(e) + ")");
                }
            });
            if (errors.size() > MAX_ERRORS) {
                out.add("and " + (errors.size() - MAX_ERRORS) + " other error(s) (see the executors' logs)");
            }
            return out;
        }
    }
}
