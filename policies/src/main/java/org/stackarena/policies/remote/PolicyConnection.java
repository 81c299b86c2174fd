package org.stackarena.policies.remote;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.stackarena.api.EpisodeAbort;

/**
 * One client connection to a policy server: connect, read the metadata, then strictly
 * alternating request / reply. Failures surface as {@link EpisodeAbort} with reasons
 * {@code remote_unreachable}, {@code remote_disconnected}, {@code remote_timeout} and
 * {@code remote_error}; after any of them the connection is closed and must be replaced.
 */
final class PolicyConnection implements AutoCloseable {

  /** Posted to the inbox when the socket closes. */
  private record Closed(int code, String reason) {
  }

  private final URI url;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Client ws;
  private final Map<String, Object> metadata;
  private volatile String lastError;

  private PolicyConnection(URI url, long timeoutMs) {
    this.url = url;
    this.ws = new Client(url);
    ws.setTcpNoDelay(true);
    ws.setConnectionLostTimeout(0);
    ws.setDaemon(true);
    boolean connected;
    try {
      connected = ws.connectBlocking(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ws.close();
      throw new EpisodeAbort("remote_unreachable", "interrupted while connecting to " + url);
    }
    if (!connected) {
      ws.close();
      throw new EpisodeAbort("remote_unreachable", "cannot connect to " + url + " within "
          + timeoutMs + " ms" + (lastError == null ? "" : ": " + lastError)
          + " (is the policy server running? the address is url in policy.json, --remote url=... or "
          + RemotePolicyConfig.URL_ENV + ")");
    }
    ByteBuffer first = await(timeoutMs, "the metadata");
    try {
      metadata = MsgpackCodec.decode(first);
    } catch (IllegalArgumentException e) {
      close();
      throw new EpisodeAbort("remote_error", "metadata from " + url + " is not a msgpack map: "
          + e.getMessage());
    }
  }

  /** Connects and reads the metadata map, waiting at most {@code timeoutMs} for each. */
  static PolicyConnection open(URI url, long timeoutMs) {
    return new PolicyConnection(url, timeoutMs);
  }

  /** The metadata map the server sent on connect. */
  Map<String, Object> metadata() {
    return metadata;
  }

  /** True while the socket is open. */
  boolean isOpen() {
    return ws.isOpen();
  }

  /**
   * Sends one binary message and waits at most {@code timeoutMs} for the binary reply.
   *
   * @throws EpisodeAbort on a closed socket, a timeout or a text (error) frame
   */
  ByteBuffer request(byte[] payload, long timeoutMs) {
    Object stale;
    while ((stale = inbox.poll()) != null) {
      fail(stale, "before a request");
    }
    try {
      ws.send(payload);
    } catch (WebsocketNotConnectedException e) {
      close();
      throw new EpisodeAbort("remote_disconnected", "connection to " + url + " is closed"
          + (lastError == null ? "" : ": " + lastError));
    }
    return await(timeoutMs, "a reply");
  }

  private ByteBuffer await(long timeoutMs, String what) {
    Object m;
    try {
      m = inbox.poll(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new EpisodeAbort("remote_error", "interrupted while waiting for " + what);
    }
    if (m == null) {
      close();
      throw new EpisodeAbort("remote_timeout", "no " + what.replaceFirst("^(a|the) ", "")
          + " from " + url + " within " + timeoutMs + " ms");
    }
    if (m instanceof ByteBuffer b) {
      return b;
    }
    fail(m, "while waiting for " + what);
    throw new AssertionError("unreachable");
  }

  private void fail(Object m, String when) {
    if (m instanceof String text) {
      Object next = awaitClose(); // before our own close posts its Closed
      close();
      String closed = next instanceof Closed c ? " and closed the connection (code " + c.code + ")" : "";
      throw new EpisodeAbort("remote_error", "server " + url + " sent an error" + closed + ": " + oneLine(text));
    }
    close();
    if (m instanceof Closed c) {
      throw new EpisodeAbort("remote_disconnected", "server " + url + " closed the connection "
          + when + " (code " + c.code + (c.reason.isEmpty() ? "" : ", " + c.reason) + ")");
    }
    throw new EpisodeAbort("remote_error", "unexpected binary message from " + url + " " + when);
  }

  /** The message after an error text, waiting up to 1 s (openpi closes with 1011 right after it). */
  private Object awaitClose() {
    try {
      return inbox.poll(1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * An error text as one line: a Python traceback becomes its last line (the exception) with the
   * number of lines left out; other text has its line breaks replaced; at most 400 characters.
   */
  static String oneLine(String text) {
    String t = text.strip();
    List<String> lines = t.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String out;
    if (lines.size() > 1 && lines.get(0).startsWith("Traceback")) {
      out = lines.get(lines.size() - 1) + " (last line of a " + t.lines().count() + "-line traceback)";
    } else {
      out = String.join(" | ", lines);
    }
    return out.length() <= 400 ? out : out.substring(0, 397) + "...";
  }

  /** Closes the socket without waiting for the closing handshake. Idempotent. */
  @Override
  public void close() {
    if (ws.isOpen()) {
      ws.closeConnection(CloseFrame.NORMAL, "client closed");
    } else {
      ws.close();
    }
  }

  private final class Client extends WebSocketClient {
    Client(URI url) {
      super(url);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
      inbox.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      inbox.add(bytes);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      inbox.add(new Closed(code, reason == null ? "" : reason));
    }

    @Override
    public void onError(Exception ex) {
      lastError = ex.toString();
    }
  }
}
