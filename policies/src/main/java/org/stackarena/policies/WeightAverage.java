package org.stackarena.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An exponential moving average of some of a network's parameters (Polyak averaging, as Diffusion
 * Policy's trainer keeps), updated after every optimiser step and copied into the weights when
 * training ends: the average of the last thousand or so steps, rather than the last step's weights,
 * which minibatch noise still moves.
 *
 * <p>The k-th update uses the decay {@code min(decay, (1 + k) / (10 + k))}, so a short run is not
 * pulled back to its initial weights. The averages live in the parameters' manager and are freed by
 * {@link #close}.
 */
public final class WeightAverage implements AutoCloseable {

    private final List<Parameter> params = new ArrayList<>();
    private final List<NDArray> average = new ArrayList<>();
    private final double decay;
    private long updates;

    /** Averages the parameters of {@code net} whose names {@code which} accepts, starting at their current values. */
    public WeightAverage(ai.djl.nn.Block net, Predicate<String> which, double decay) {
        this.decay = decay;
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (which.test(p.getKey())) {
                params.add(p.getValue());
                average.add(p.getValue().getArray().duplicate());
            }
        }
    }

    /** The decay the next {@link #update} uses. */
    public double nextDecay() {
        return Math.min(decay, (1.0 + updates + 1) / (10.0 + updates + 1));
    }

    /** Folds the parameters' current values into the average. */
    public void update() {
        double d = nextDecay();
        updates++;
        for (int i = 0; i < params.size(); i++) {
            try (NDArray share = params.get(i).getArray().mul((float) (1 - d))) {
                average.get(i).muli((float) d).addi(share);
            }
        }
    }

    /** Writes the average into the parameters. */
    public void copyIntoWeights() {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).getArray().set(average.get(i).toByteBuffer());
        }
    }

    @Override
    public void close() {
        average.forEach(NDArray::close);
    }
}
