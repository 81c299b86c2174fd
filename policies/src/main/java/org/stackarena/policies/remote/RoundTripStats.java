package org.stackarena.policies.remote;

import java.util.Objects;
import org.stackarena.api.harness.Percentiles;

/**
 * Wall-clock timings of a remote policy's requests, in milliseconds.
 *
 * @param requests number of completed requests measured
 * @param roundTripMs send to reply received, as seen by the client (includes the server's work)
 * @param serverInferMs the server's own {@code server_timing.infer_ms}, over replies that had it
 *     ({@link Percentiles#ZERO} if none did)
 * @param encodeMs observation gathering, resizing and encoding on the client
 * @param decodeMs reply decoding and action building on the client
 */
public record RoundTripStats(long requests, Percentiles roundTripMs, Percentiles serverInferMs,
    Percentiles encodeMs, Percentiles decodeMs) {

  /** Validates presence. */
  public RoundTripStats {
    Objects.requireNonNull(roundTripMs, "roundTripMs");
    Objects.requireNonNull(serverInferMs, "serverInferMs");
    Objects.requireNonNull(encodeMs, "encodeMs");
    Objects.requireNonNull(decodeMs, "decodeMs");
  }
}
