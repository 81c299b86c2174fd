package org.stackarena.policies.remote;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.stackarena.api.EpisodeAbort;
import org.stackarena.api.EpisodeContext;
import org.stackarena.api.harness.Percentiles;
import org.stackarena.api.policy.PolicyModel;

/**
 * The model of a remote policy: one WebSocket connection to a policy server (protocol:
 * {@code policies/REMOTE_PROTOCOL.md}); {@link #predict} sends an encoded observation map and returns
 * the raw reply. Pre- and post-processing (the observation map, msgpack, the chunk) are the
 * {@link RemoteTranslator}'s.
 *
 * <p>Connections: {@link #reset} connects if there is no open connection and reads the server's
 * metadata. A refused connection, a drop, a reply slower than {@link RemotePolicyConfig#timeoutMs()} or
 * a text (error) frame fails that episode through {@link EpisodeAbort} ({@code remote_unreachable},
 * {@code remote_disconnected}, {@code remote_timeout}, {@code remote_error}) and closes the connection,
 * so the next episode starts on a fresh one.
 *
 * <p>Keeps the timings of every request ({@link #roundTrips()}), readable between episodes. Not
 * thread-safe.
 */
public final class RemotePolicyClient implements PolicyModel<byte[], ByteBuffer> {

  private static final int MAX_SAMPLES = 100_000;

  private final RemotePolicyConfig config;
  private final Samples rtt = new Samples();
  private final Samples serverInfer = new Samples();
  private final Samples encode = new Samples();
  private final Samples decode = new Samples();
  private PolicyConnection connection;
  private ServerMetadata metadata;

  /** A client configured by {@code config}; it connects on the first {@link #reset}. */
  public RemotePolicyClient(RemotePolicyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The configuration. */
  public RemotePolicyConfig config() {
    return config;
  }

  /** The metadata of the current connection, or null before the first successful reset. */
  public ServerMetadata metadata() {
    return metadata;
  }

  @Override
  public void reset(EpisodeContext context) {
    if (connection != null && connection.isOpen()) {
      return;
    }
    drop();
    connection = PolicyConnection.open(config.url(), config.timeoutMs());
    try {
      metadata = MetadataSpec.fromWire(connection.metadata()).resolve(config.declared(), MetadataSpec.CLIENT_HINT);
    } catch (IllegalArgumentException e) {
      drop();
      throw new EpisodeAbort("remote_error", "metadata from " + config.url() + " "
          + (e.getMessage().startsWith("metadata ") ? e.getMessage().substring("metadata ".length())
          : "is malformed: " + e.getMessage()));
    }
    List<String> missing = new ArrayList<>();
    for (String k : metadata.cameraKeys()) {
      if (!config.observationKeys().containsKey(k)) {
        missing.add(k);
      }
    }
    for (String k : metadata.stateKeys()) {
      if (!config.observationKeys().containsKey(k)) {
        missing.add(k);
      }
    }
    if (!missing.isEmpty()) {
      drop();
      throw new EpisodeAbort("remote_error", "policy '" + metadata.policyName()
          + "' reads observation keys " + missing + " that the mapping "
          + config.observationKeys().keySet() + " lacks; map them (policy.json observations, or obs.<key>=<source>)");
    }
  }

  /** Sends {@code payload} and waits for the reply (the round trip is this call's time). */
  @Override
  public ByteBuffer predict(byte[] payload) {
    if (connection == null) {
      throw new IllegalStateException("remote: predict() before a successful reset()");
    }
    long t0 = System.nanoTime();
    try {
      ByteBuffer reply = connection.request(payload, config.timeoutMs());
      rtt.add((System.nanoTime() - t0) / 1e6);
      return reply;
    } catch (EpisodeAbort e) {
      drop();
      throw e;
    }
  }

  /** Records the client-side encode and decode times of one request (by the translator). */
  void recordCodec(long encodeNanos, long decodeNanos) {
    encode.add(encodeNanos / 1e6);
    decode.add(decodeNanos / 1e6);
  }

  /** Records the server's own inference time of one request, from its reply. */
  void recordServerInfer(double ms) {
    serverInfer.add(ms);
  }

  /**
   * Timings of every request since construction or {@link #clearRoundTrips()} (the newest 100,000).
   */
  public RoundTripStats roundTrips() {
    return new RoundTripStats(rtt.count, rtt.percentiles(), serverInfer.percentiles(),
        encode.percentiles(), decode.percentiles());
  }

  /** Forgets all timings. */
  public void clearRoundTrips() {
    rtt.clear();
    serverInfer.clear();
    encode.clear();
    decode.clear();
  }

  /** Closes the connection; the next {@link #reset} reconnects. */
  void drop() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  /** Closes the connection. Idempotent. */
  @Override
  public void close() {
    drop();
  }

  /** A bounded sample of millisecond timings. */
  private static final class Samples {
    private final double[] values = new double[MAX_SAMPLES];
    private long count;

    void add(double ms) {
      values[(int) (count % MAX_SAMPLES)] = ms;
      count++;
    }

    void clear() {
      count = 0;
    }

    Percentiles percentiles() {
      return Percentiles.ofSorting(Arrays.copyOf(values, (int) Math.min(count, MAX_SAMPLES)));
    }
  }
}
