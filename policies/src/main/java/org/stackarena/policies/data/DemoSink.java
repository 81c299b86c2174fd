package org.stackarena.policies.data;

import java.io.IOException;

/**
 * Where {@code stackarena collect} stores demonstrations: the LeRobot v3.0 writer or the older
 * {@code .npy} layout ({@link DemoWriter}). Implementations are resumable: {@link #attempted} tells
 * which episodes an earlier, possibly killed, run already took care of.
 */
public interface DemoSink extends AutoCloseable {

    /** Whether this episode was already run (kept or not). */
    boolean attempted(String scenario, String robot, String condition, long seed);

    /**
     * Records that {@code ep} was run and, if {@code keep}, stores it.
     *
     * @param ep the episode
     * @param family the scenario's task family
     * @param keep whether to store it (a failed episode is normally only recorded as attempted)
     * @return the episode index, or -1 if not kept
     * @throws IOException when writing fails
     */
    int append(DemoEpisode ep, String family, boolean keep) throws IOException;

    /** Kept episodes so far. */
    int episodes();

    /** Kept frames so far. */
    long frames();

    /** Finishes the files still open; the dataset is complete afterwards. */
    @Override
    void close() throws IOException;
}
