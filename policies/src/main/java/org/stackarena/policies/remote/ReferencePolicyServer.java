package org.stackarena.policies.remote;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackarena.api.ActionSpace;

/**
 * A small policy server speaking the remote protocol ({@code policies/REMOTE_PROTOCOL.md}):
 * the template for serving a real model, and the server the tests run against.
 *
 * <p>Per connection it sends {@link ServerMetadata} first, then answers each observation map
 * with {@code {"actions": <float32 [chunk, dim + 1]>, "server_timing": {"infer_ms": ..}}}. It
 * checks that every key in the metadata's {@code camera_keys} holds a uint8 [H, W, 3] image of
 * the declared size and every {@code state_keys} entry a float array; a bad observation or a
 * policy that throws gets a text frame with the error and the connection is closed (code 1011),
 * as openpi's server does.
 *
 * <p>Embedding (tests):
 * <pre>{@code
 * try (ReferencePolicyServer server = ReferencePolicyServer.builder().optPort(0).build().start()) {
 *   RemotePolicyConfig config = RemotePolicyConfig.of(server.url().toString());
 *   ...
 * }
 * }</pre>
 * Fault injection for tests: {@link #setReplyDelayMs} delays every reply; {@link #dieAfter}
 * drops every connection abruptly (no closing handshake) instead of answering request n + 1 and
 * refuses later connections, like a crashed process.
 *
 * <p>With {@link Builder#optOpenpi} it behaves like a stock openpi server (metadata as given, often
 * {@code {}}; {@code prev_total_ms}; tracebacks as text frames) for the client-side configuration
 * tests.
 *
 * <p>Command line: {@code java ... ReferencePolicyServer [--host 127.0.0.1] [--port 8765]
 * [--policy reach|hold] [--chunk 10] [--delay-ms 0] [--openpi]}; it serves until killed;
 * {@code --openpi} serves {@link #liberoReach} openpi style with metadata {@code {}}. It binds the
 * loopback interface unless told otherwise.
 */
public final class ReferencePolicyServer implements AutoCloseable {

  /** Computes the action chunk for one observation. */
  @FunctionalInterface
  public interface Policy {
    /**
     * @param observation the decoded observation map (ndarrays as {@link NdArray})
     * @return the actions, [chunk, action_dim + 1], last column = gripper in [0, 1]
     * @throws Exception any failure; sent to the client as a text frame
     */
    NdArray infer(Map<String, Object> observation) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReferencePolicyServer.class);

  /** Default per-step end-effector bound of the reference metadata, metres. */
  public static final double MAX_LINEAR = 0.05;
  /** Default per-step rotation bound of the reference metadata, radians. */
  public static final double MAX_ANGULAR = 0.2;

  private final ServerMetadata metadata;
  private final Map<String, Object> wireMetadata;
  private final boolean openpi;
  private final Policy policy;
  private final Server server;
  private final CountDownLatch started = new CountDownLatch(1);
  /** Per connection: the previous request's total time (openpi's {@code prev_total_ms}), ns. */
  private final Map<WebSocket, Long> prevTotal = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private volatile long replyDelayMs;
  private volatile long dieAfter = Long.MAX_VALUE;
  private volatile boolean dead;
  private volatile Exception startError;
  private final java.util.concurrent.ScheduledExecutorService flusher =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "policy-server-flush");
        t.setDaemon(true);
        return t;
      });

  /**
   * Period of the pings that flush replies Java-WebSocket left queued (ms). Its server now and then
   * does not write a reply it has queued until the socket's next write: measured on loopback
   * ({@code LoopbackRoundTripTest}, 600 requests a run), 4 of 22 runs lost one reply for good (the
   * client's 5 s timeout) although the server had received the request. With a ping to every
   * connection at this period (the client answers it; {@link #close} stops them), 20 of 20 runs passed,
   * and the slowest reply took 130 ms instead of never arriving.
   */
  static final long FLUSH_MS = 250;

  private ReferencePolicyServer(Builder b) {
    this.metadata = b.metadata;
    this.wireMetadata = b.openpiMetadata != null ? b.openpiMetadata : metadata.toMap();
    this.openpi = b.openpiMetadata != null;
    this.policy = b.policy;
    this.replyDelayMs = b.replyDelayMs;
    this.server = new Server(new InetSocketAddress(b.host, b.port));
    server.setReuseAddr(true);
    server.setTcpNoDelay(true);
    server.setDaemon(true);
    server.setConnectionLostTimeout(0);
  }

  /** A builder with the reference defaults: loopback, port 8765, reach policy. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The reference metadata: EE-delta actions (5 cm, 0.2 rad per step), chunks of {@code chunk}
   * steps 20 ms apart, 96x96 images under {@code observation/image}, state under
   * {@code observation/state}.
   */
  public static ServerMetadata referenceMetadata(String name, int chunk) {
    ActionSpace s = ActionSpace.eeDelta(MAX_LINEAR, MAX_ANGULAR);
    double[] low = new double[6];
    double[] high = new double[6];
    for (int i = 0; i < 6; i++) {
      low[i] = s.low(i);
      high[i] = s.high(i);
    }
    return new ServerMetadata(name, ActionSpace.Type.EE_DELTA, low, high, chunk, 0.02, 96, 96,
        List.of("observation/image"), List.of("observation/state"), Map.of());
  }

  /**
   * A deterministic policy that moves the end effector toward {@code target} (base frame,
   * metres): each of {@code chunk} steps moves {@code (target - ee) / chunk}, clamped to
   * {@code maxStep} per axis, gripper open. Reads the ee position from
   * {@code observation/state} (entries n+1..n+3 of the n+8 state vector).
   */
  public static Policy reachPoint(double[] target, int chunk, double maxStep) {
    double[] goal = target.clone();
    return obs -> {
      double[] s = stateOf(obs);
      int e = s.length - 7;
      float[] out = new float[chunk * 7];
      for (int r = 0; r < chunk; r++) {
        for (int i = 0; i < 3; i++) {
          double d = (goal[i] - s[e + i]) / chunk;
          out[r * 7 + i] = (float) Math.max(-maxStep, Math.min(maxStep, d));
        }
      }
      return NdArray.ofFloat32(out, chunk, 7);
    };
  }

  /**
   * openpi's LIBERO interface as a {@link ServerMetadata}: EE deltas of at most 0.05 m and (as roll,
   * pitch, yaw after the rotation-vector conversion) 1 rad per step, chunks of {@code chunk} steps
   * 50 ms apart (LIBERO's 20 Hz), 224x224 images under {@code observation/image} and
   * {@code observation/wrist_image}, an 8-value state under {@code observation/state}. A stock openpi
   * server does not send this (its metadata is the policy config's, usually {@code {}}); the openpi
   * mode ({@link Builder#optOpenpi}) checks observations against it.
   */
  public static ServerMetadata liberoInterface(String name, int chunk) {
    return new ServerMetadata(name, ActionSpace.Type.EE_DELTA,
        new double[] {-0.05, -0.05, -0.05, -1, -1, -1}, new double[] {0.05, 0.05, 0.05, 1, 1, 1}, chunk, 0.05,
        224, 224, List.of("observation/image", "observation/wrist_image"), List.of("observation/state"), Map.of());
  }

  /**
   * A deterministic policy speaking openpi's LIBERO convention: reads {@code observation/state} as
   * LIBERO's 8 values (EE position, EE rotation vector, two finger positions) and answers
   * {@code chunk} rows of 7 values in [-1, 1] (dx, dy, dz in units of 0.05 m, a zero rotation, gripper
   * -1 = open), each step moving {@code (target - ee) / chunk}; a null target holds still.
   */
  public static Policy liberoReach(double[] target, int chunk) {
    double[] goal = target == null ? null : target.clone();
    return obs -> {
      if (!(obs.get("observation/state") instanceof NdArray a) || a.size() != 8) {
        throw new IllegalArgumentException("observation/state must hold LIBERO's 8 values (eef pos, "
            + "axis-angle, gripper qpos), got " + obs.get("observation/state"));
      }
      double[] s = a.toDoubles();
      float[] out = new float[chunk * 7];
      for (int r = 0; r < chunk; r++) {
        for (int i = 0; i < 3; i++) {
          out[r * 7 + i] = goal == null ? 0f : (float) Math.max(-1, Math.min(1, (goal[i] - s[i]) / chunk / 0.05));
        }
        out[r * 7 + 6] = -1;
      }
      return NdArray.ofFloat32(out, chunk, 7);
    };
  }

  /** A policy that commands zero end-effector motion, gripper open. */
  public static Policy holdStill(int chunk) {
    return obs -> NdArray.ofFloat32(new float[chunk * 7], chunk, 7);
  }

  private static double[] stateOf(Map<String, Object> obs) {
    if (!(obs.get("observation/state") instanceof NdArray a) || a.size() < 8) {
      throw new IllegalArgumentException("observation/state must be a float array of n + 8 "
          + "values (joints, gripper width, ee xyz, ee quaternion)");
    }
    return a.toDoubles();
  }

  /**
   * Binds and starts serving; waits up to 5 s for the socket to be bound.
   *
   * @return this
   * @throws IllegalStateException if the server could not bind
   */
  public ReferencePolicyServer start() {
    server.start();
    try {
      if (!started.await(5, TimeUnit.SECONDS) || startError != null) {
        close();
        throw new IllegalStateException("policy server could not bind " + server.getAddress()
            + (startError == null ? " within 5 s" : ": " + startError));
      }
      flusher.scheduleAtFixedRate(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the policy server");
    }
    return this;
  }

  /** The bound port (the real one when built with port 0). */
  public int port() {
    return server.getPort();
  }

  /** {@code ws://host:port} of this server. */
  public URI url() {
    return URI.create("ws://" + server.getAddress().getHostString() + ":" + port());
  }

  /** The metadata sent on connect. */
  public ServerMetadata metadata() {
    return metadata;
  }

  /** Observation messages received so far. */
  public long requests() {
    return requests.get();
  }

  /** Delays every following reply by {@code ms} (0 for none). */
  public void setReplyDelayMs(long ms) {
    this.replyDelayMs = ms;
  }

  /**
   * Answers {@code n} more requests, then at the next one drops every connection without a
   * closing handshake and refuses new ones.
   */
  public void dieAfter(long n) {
    this.dieAfter = requests.get() + n;
  }

  /** Stops listening and closes every connection. Idempotent. */
  @Override
  public void close() {
    flusher.shutdownNow();
    try {
      server.stop(500, "server shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flush() {
    for (WebSocket c : server.getConnections()) {
      try {
        if (c.isOpen()) {
          c.sendPing();
        }
      } catch (WebsocketNotConnectedException e) {
        // closed meanwhile: nothing to flush
      }
    }
  }

  private void die() {
    dead = true;
    for (WebSocket c : server.getConnections()) {
      c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "policy server died");
    }
  }

  private final class Server extends WebSocketServer {
    Server(InetSocketAddress address) {
      super(address, 1);
    }

    @Override
    public void onStart() {
      started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      if (dead) {
        conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "policy server died");
        return;
      }
      MsgpackCodec codec = new MsgpackCodec();
      conn.setAttachment(codec);
      conn.send(codec.encode(wireMetadata));
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      long n = requests.incrementAndGet();
      if (dead || n > dieAfter) {
        die();
        return;
      }
      long delay = replyDelayMs;
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      long t0 = System.nanoTime();
      NdArray actions;
      try {
        Map<String, Object> obs = MsgpackCodec.decode(message);
        check(obs);
        actions = Objects.requireNonNull(policy.infer(obs), "policy returned null");
      } catch (Exception e) {
        reject(conn, openpi ? traceback(e) : e.toString());
        return;
      }
      Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("actions", actions);
      Map<String, Object> timing = new LinkedHashMap<>();
      timing.put("infer_ms", (System.nanoTime() - t0) / 1e6);
      if (openpi) {
        Long prev = prevTotal.get(conn);
        if (prev != null) {
          timing.put("prev_total_ms", prev / 1e6);
        }
      }
      reply.put("server_timing", timing);
      try {
        conn.send(conn.<MsgpackCodec>getAttachment().encode(reply));
        prevTotal.put(conn, System.nanoTime() - t0);
      } catch (WebsocketNotConnectedException e) {
        LOG.debug("client left before the reply: {}", e.toString());
      }
    }

    /** openpi's error text: a Python-style traceback whose last line is the exception. */
    private String traceback(Exception e) {
      return "Traceback (most recent call last):\n  File \"websocket_policy_server.py\", line 63, in _handler\n"
          + "    action = self._policy.infer(obs)\n" + e.getClass().getSimpleName() + ": " + e.getMessage() + "\n";
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      reject(conn, "expected a binary msgpack observation, got a text frame");
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      prevTotal.remove(conn);
      LOG.debug("connection closed: {} {}", code, reason);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      if (conn == null) {
        startError = ex;
        started.countDown();
      } else {
        LOG.debug("connection error: {}", ex.toString());
      }
    }

    private void reject(WebSocket conn, String text) {
      try {
        conn.send(text);
        conn.close(CloseFrame.UNEXPECTED_CONDITION, openpi
            ? "Internal server error. Traceback included in previous frame." : "policy error");
      } catch (WebsocketNotConnectedException e) {
        LOG.debug("client left before the error: {}", e.toString());
      }
    }
  }

  /** Checks images and state against the metadata. */
  private void check(Map<String, Object> obs) {
    for (String k : metadata.cameraKeys()) {
      if (!(obs.get(k) instanceof NdArray a) || !a.dtype().equals(NdArray.UINT8) || a.rank() != 3
          || a.dim(0) != metadata.imageHeight() || a.dim(1) != metadata.imageWidth()
          || a.dim(2) != 3) {
        throw new IllegalArgumentException("observation '" + k + "' must be uint8 ["
            + metadata.imageHeight() + ", " + metadata.imageWidth() + ", 3], got " + obs.get(k));
      }
    }
    for (String k : metadata.stateKeys()) {
      if (!(obs.get(k) instanceof NdArray)) {
        throw new IllegalArgumentException("observation '" + k + "' must be a numeric array, got "
            + obs.get(k));
      }
    }
  }

  /** Builder: everything optional. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8765;
    private ServerMetadata metadata = referenceMetadata("reference-reach", 10);
    private Map<String, Object> openpiMetadata;
    private Policy policy = reachPoint(new double[] {0.45, 0.0, 0.30}, 10, MAX_LINEAR);
    private long replyDelayMs;

    private Builder() {
    }

    /** Interface to bind (default 127.0.0.1: loopback only). */
    public Builder optHost(String h) {
      this.host = Objects.requireNonNull(h, "host");
      return this;
    }

    /** Port to bind (default 8765; 0 for an ephemeral port). */
    public Builder optPort(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535, got " + p);
      }
      this.port = p;
      return this;
    }

    /** Metadata sent on connect (default {@link #referenceMetadata}). */
    public Builder optMetadata(ServerMetadata m) {
      this.metadata = Objects.requireNonNull(m, "metadata");
      return this;
    }

    /**
     * Behaves like a stock openpi {@code WebsocketPolicyServer}: sends {@code wire} verbatim as the
     * metadata (e.g. {@code {}}, or a policy config's {@code policy_metadata}), adds
     * {@code prev_total_ms} to {@code server_timing} from the second reply of a connection on, and
     * answers a failure with a Python-style traceback as a text frame, then close 1011 with openpi's
     * reason. Observations are still checked against {@code expected} (the interface the policy
     * needs, which such a server does not announce). Set the policy separately (e.g.
     * {@link #liberoReach}).
     */
    public Builder optOpenpi(Map<String, Object> wire, ServerMetadata expected) {
      this.openpiMetadata = Map.copyOf(Objects.requireNonNull(wire, "wire metadata"));
      this.metadata = Objects.requireNonNull(expected, "expected interface");
      return this;
    }

    /** The policy (default {@link #reachPoint} toward (0.45, 0, 0.30)). */
    public Builder optPolicy(Policy p) {
      this.policy = Objects.requireNonNull(p, "policy");
      return this;
    }

    /** Delay before every reply (default 0). */
    public Builder optReplyDelayMs(long ms) {
      this.replyDelayMs = ms;
      return this;
    }

    /** Builds an unstarted server; call {@link ReferencePolicyServer#start()}. */
    public ReferencePolicyServer build() {
      return new ReferencePolicyServer(this);
    }
  }

  /**
   * Serves until killed. Exit code 2 for bad arguments.
   *
   * @param args {@code [--host H] [--port N] [--policy reach|hold] [--chunk N] [--delay-ms N]}
   */
  public static void main(String[] args) throws InterruptedException {
    Builder b = builder();
    int chunk = 10;
    String kind = "reach";
    long delay = 0;
    boolean openpiMode = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--host" -> b.optHost(Objects.requireNonNull(v, "--host needs a value"));
          case "--port" -> b.optPort(Integer.parseInt(Objects.requireNonNull(v, "--port needs a value")));
          case "--policy" -> kind = Objects.requireNonNull(v, "--policy needs a value");
          case "--chunk" -> chunk = Integer.parseInt(Objects.requireNonNull(v, "--chunk needs a value"));
          case "--delay-ms" -> delay = Long.parseLong(Objects.requireNonNull(v, "--delay-ms needs a value"));
          case "--openpi" -> {
            openpiMode = true;
            i--;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (!kind.equals("reach") && !kind.equals("hold")) {
        throw new IllegalArgumentException("--policy must be reach or hold, got " + kind);
      }
      if (chunk < 1) {
        throw new IllegalArgumentException("--chunk must be >= 1, got " + chunk);
      }
    } catch (RuntimeException e) {
      System.err.println("reference-policy-server: " + e.getMessage() + "\nusage: "
          + "ReferencePolicyServer [--host 127.0.0.1] [--port 8765] [--policy reach|hold] "
          + "[--chunk 10] [--delay-ms 0] [--openpi]");
      System.exit(2);
      return;
    }
    if (openpiMode) {
      b.optOpenpi(Map.of(), liberoInterface("openpi-libero-" + kind, chunk)).optReplyDelayMs(delay)
          .optPolicy(kind.equals("hold") ? liberoReach(null, chunk) : liberoReach(new double[] {0.45, 0.0, 0.30}, chunk));
    } else {
      b.optMetadata(referenceMetadata("reference-" + kind, chunk)).optReplyDelayMs(delay)
          .optPolicy(kind.equals("hold") ? holdStill(chunk)
              : reachPoint(new double[] {0.45, 0.0, 0.30}, chunk, MAX_LINEAR));
    }
    ReferencePolicyServer s = b.build().start();
    System.out.println("serving " + s.metadata().policyName() + " on " + s.url()
        + (openpiMode ? " (openpi style: metadata {}, LIBERO actions)" : ""));
    Thread.currentThread().join();
  }
}
