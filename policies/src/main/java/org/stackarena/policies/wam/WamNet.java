package org.stackarena.policies.wam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The learned world model as one DJL block (one {@code .params} file): an encoder from observation
 * features (the frozen System 2's goal estimate and the proprioceptive state, {@value WamSpec#INPUT_DIM}
 * normalised values) to a tanh latent, a residual latent dynamics MLP {@code z' = tanh(z + f(z, a))} taking one
 * action step ({@link WamSpec#ACTION_NAMES}) at a time, and a head decoding any latent, observed or
 * imagined, to {@link WamSpec#DECODED} (normalised).
 *
 * <p>Inputs of {@link #forward}: features [B, 21] and actions [B, H, 4]; outputs: decoded states
 * [B, H + 1, 8] (step 0 from the encoded observation, step k after k imagined actions) and the latents
 * [B, H + 1, L].
 */
public final class WamNet extends AbstractBlock {

    private final int latent;
    private final int hidden;
    private final Block enc1, enc2, dyn1, dyn2, dyn3, head1, head2;

    /** The network for {@code model}'s sizes (uninitialised). */
    public WamNet(WamSpec.Model model) {
        super((byte) 1);
        this.latent = model.latentDim();
        this.hidden = model.hidden();
        enc1 = addChildBlock("enc1", Linear.builder().setUnits(hidden).build());
        enc2 = addChildBlock("enc2", Linear.builder().setUnits(latent).build());
        dyn1 = addChildBlock("dyn1", Linear.builder().setUnits(hidden).build());
        dyn2 = addChildBlock("dyn2", Linear.builder().setUnits(hidden).build());
        dyn3 = addChildBlock("dyn3", Linear.builder().setUnits(latent).build());
        head1 = addChildBlock("head1", Linear.builder().setUnits(hidden).build());
        head2 = addChildBlock("head2", Linear.builder().setUnits(WamSpec.DECODED_DIM).build());
    }

    /** Input shapes for batch {@code b} and horizon {@code h}. */
    public static Shape[] inputShapes(int b, int h) {
        return new Shape[] {new Shape(b, WamSpec.INPUT_DIM), new Shape(b, h, WamSpec.ACTION_DIM)};
    }

    /** Features [B, 21] -> latent [B, L] in (-1, 1). */
    public NDArray encode(ParameterStore ps, NDArray features, boolean training) {
        NDArray h = Activation.relu(enc1.forward(ps, new NDList(features), training).singletonOrThrow());
        return enc2.forward(ps, new NDList(h), training).singletonOrThrow().tanh();
    }

    /**
     * One imagined step: latent [N, L] and action [N, 4] -> next latent [N, L], in (-1, 1) like the encoder's
     * (unbounded, the residual rollout diverged at a learning rate of 3e-3: losses of 1e31 in epoch 2).
     */
    public NDArray step(ParameterStore ps, NDArray z, NDArray action, boolean training) {
        NDArray h = Activation.relu(dyn1.forward(ps, new NDList(z.concat(action, 1)), training).singletonOrThrow());
        h = Activation.relu(dyn2.forward(ps, new NDList(h), training).singletonOrThrow());
        return z.add(dyn3.forward(ps, new NDList(h), training).singletonOrThrow()).tanh();
    }

    /** Latents [..., L] -> normalised decoded states [..., 8]. */
    public NDArray decode(ParameterStore ps, NDArray z, boolean training) {
        Shape s = z.getShape();
        NDArray flat = z.reshape(-1, latent);
        NDArray h = Activation.relu(head1.forward(ps, new NDList(flat), training).singletonOrThrow());
        NDArray out = head2.forward(ps, new NDList(h), training).singletonOrThrow();
        long[] dims = s.getShape().clone();
        dims[dims.length - 1] = WamSpec.DECODED_DIM;
        return out.reshape(new Shape(dims));
    }

    /**
     * Imagines {@code actions} [N, H, 4] from the latents {@code z0} [N, L]: one batched dynamics call per
     * step for all N candidates, then one decoding call for every imagined latent.
     *
     * @return {decoded [N, H + 1, 8], latents [N, H + 1, L]}
     */
    public NDList imagine(ParameterStore ps, NDArray z0, NDArray actions, boolean training) {
        long h = actions.getShape().get(1);
        NDList zs = new NDList((int) h + 1);
        NDArray z = z0;
        zs.add(z.expandDims(1));
        for (long k = 0; k < h; k++) {
            z = step(ps, z, actions.get(":, " + k + ", :"), training);
            zs.add(z.expandDims(1));
        }
        NDArray all = NDArrays.concat(zs, 1);
        return new NDList(decode(ps, all, training), all);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return imagine(ps, encode(ps, inputs.get(0), training), inputs.get(1), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0), h = inputShapes[1].get(1);
        return new Shape[] {new Shape(b, h + 1, WamSpec.DECODED_DIM), new Shape(b, h + 1, latent)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        enc1.initialize(manager, dataType, new Shape(b, WamSpec.INPUT_DIM));
        enc2.initialize(manager, dataType, new Shape(b, hidden));
        dyn1.initialize(manager, dataType, new Shape(b, latent + WamSpec.ACTION_DIM));
        dyn2.initialize(manager, dataType, new Shape(b, hidden));
        dyn3.initialize(manager, dataType, new Shape(b, hidden));
        head1.initialize(manager, dataType, new Shape(b, latent));
        head2.initialize(manager, dataType, new Shape(b, hidden));
    }
}
