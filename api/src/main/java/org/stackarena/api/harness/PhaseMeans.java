package org.stackarena.api.harness;

/**
 * Mean wall time per reported tick phase in milliseconds (0 where a phase was never reported).
 *
 * @param preprocess mean preprocess time over ticks that reported it
 * @param infer mean infer time over ticks that reported it
 * @param postprocess mean postprocess time over ticks that reported it
 */
public record PhaseMeans(double preprocess, double infer, double postprocess) {
}
