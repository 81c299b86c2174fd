package org.stackarena.api;

/** The phases of a tick whose wall time a stack may report (as DJL's Predictor does). */
public enum Phase {
  /** Turning observations into model or algorithm inputs. */
  PREPROCESS,
  /** Running the model or the core algorithm. */
  INFER,
  /** Turning outputs into actions or channel values. */
  POSTPROCESS
}
