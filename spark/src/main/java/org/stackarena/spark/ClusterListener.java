package org.stackarena.spark;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's view of the executors of one {@link SparkEngine} run, from Spark's listener bus:
 * how many executors and cores were alive at most, how many were lost, and one log line per
 * distinct reason a task failed (Spark retries such tasks; the stack traces Spark itself would
 * print are turned down to one line each). Spark makes it from {@code spark.extraListeners} while
 * the context starts, so it sees every executor from the first; {@link #of(String)} finds it
 * again by the token {@link SparkEngine} put into the configuration.
 */
public final class ClusterListener extends SparkListener {

    /** Spark setting naming this run's listener. */
    static final String TOKEN = "spark.stackarena.listenerToken";
    /** Distinct task failure reasons logged. */
    static final int MAX_REASONS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterListener.class);
    private static final Map<String, ClusterListener> BY_TOKEN = new ConcurrentHashMap<>();

    private final Map<String, Integer> alive = new HashMap<>();
    private final Map<String, Integer> taskFailures = new LinkedHashMap<>();
    private int maxExecutors;
    private int maxCores;
    private int lost;

    /**
     * Called by Spark with the context's configuration.
     *
     * @param conf the configuration holding {@link #TOKEN}
     */
    public ClusterListener(SparkConf conf) {
        BY_TOKEN.put(conf.get(TOKEN, ""), this);
    }

    /** The listener Spark made for {@code token}, null if it made none (forgotten here). */
    static ClusterListener of(String token) {
        return BY_TOKEN.remove(token);
    }

    @Override
    public synchronized void onExecutorAdded(SparkListenerExecutorAdded e) {
        alive.put(e.executorId(), e.executorInfo().totalCores());
        maxExecutors = Math.max(maxExecutors, alive.size());
        maxCores = Math.max(maxCores, cores());
        notifyAll();
    }

    @Override
    public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        if (alive.remove(e.executorId()) != null) {
            lost++;
            LOG.warn("spark: executor {} lost: {}", e.executorId(), SparkEngine.firstLine(e.reason()));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (e.reason() instanceof TaskFailedReason f) {
            String reason = SparkEngine.firstLine(f.toErrorString());
            boolean first;
            synchronized (this) {
                first = !taskFailures.containsKey(reason) && taskFailures.size() < MAX_REASONS;
                taskFailures.merge(reason, 1, Integer::sum);
            }
            if (first) {
                LOG.warn("spark: task {} failed on executor {}{}: {}", e.taskInfo().id(), e.taskInfo().executorId(),
                    f.countTowardsTaskFailures() ? "" : " (not counted as a task failure)", reason);
            }
        }
    }

    /**
     * Waits until at least {@code executors} executors are alive, at most {@code timeoutMs}.
     *
     * @return the executors alive now
     */
    synchronized int awaitExecutors(int executors, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (alive.size() < executors) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return alive.size();
    }

    /** Cores of the executors alive now. */
    synchronized int cores() {
        return alive.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Most executors alive at once. */
    synchronized int maxExecutors() {
        return maxExecutors;
    }

    /** Most cores alive at once. */
    synchronized int maxCores() {
        return maxCores;
    }

    /** Executors removed while this listener listened. */
    synchronized int lost() {
        return lost;
    }

    /** Failed task attempts by reason, first seen first. */
    synchronized Map<String, Integer> taskFailures() {
        return new LinkedHashMap<>(taskFailures);
    }
}
