package org.stackarena.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The built-in dual-system architecture as one DJL block (so one {@code .params} file holds it).
 *
 * <p>System 2: image (3 x H x W, values in [-0.5, 0.5]) through three convolutions (5x5 stride 2,
 * 3x3 stride 2, 3x3) and a spatial softmax giving one (x, y) keypoint per channel; instruction
 * bag-of-n-grams through a linear embedding; both through a 2-layer MLP to a tanh latent.
 * System 1: latent + normalised state through a 3-layer MLP to {@code chunk x 7} outputs
 * (normalised EE deltas, then the gripper command).
 *
 * <p>Inputs of {@link #forward}: image [B,3,H,W], instruction [B,V], state [B,S]; outputs:
 * actions [B, chunk*7] and the latent [B, latentDim].
 */
public final class VlaNet extends AbstractBlock {

    private final PolicySpec spec;
    private final Block conv1, conv2, conv3, text, fuse1, fuse2, s1a, s1b, s1out;

    /** The network for {@code spec}'s sizes (uninitialised). */
    public VlaNet(PolicySpec spec) {
        super((byte) 1);
        this.spec = spec;
        int[] c = spec.channels();
        conv1 = addChildBlock("conv1", Conv2d.builder().setKernelShape(new Shape(5, 5)).optStride(new Shape(2, 2))
            .setFilters(c[0]).build());
        conv2 = addChildBlock("conv2", Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
            .setFilters(c[1]).build());
        conv3 = addChildBlock("conv3", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(c[2]).build());
        text = addChildBlock("text", Linear.builder().setUnits(spec.textDim()).build());
        fuse1 = addChildBlock("fuse1", Linear.builder().setUnits(spec.hidden()).build());
        fuse2 = addChildBlock("fuse2", Linear.builder().setUnits(spec.latentDim()).build());
        s1a = addChildBlock("s1a", Linear.builder().setUnits(spec.hidden()).build());
        s1b = addChildBlock("s1b", Linear.builder().setUnits(spec.hidden()).build());
        s1out = addChildBlock("s1out", Linear.builder().setUnits(spec.chunkSize() * PolicySpec.ACTION_DIM).build());
    }

    /** Input shapes for batch size {@code b}. */
    public Shape[] inputShapes(int b) {
        return new Shape[] {new Shape(b, 3, spec.imageHeight(), spec.imageWidth()), new Shape(b, spec.vocab().size()),
            new Shape(b, spec.stateKeys().size())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray latent = system2(ps, inputs.get(0), inputs.get(1), training);
        NDArray act = system1(ps, latent, inputs.get(2), training);
        return new NDList(act, latent);
    }

    /** System 2: image [B,3,H,W] + instruction [B,V] -> latent [B,L]. */
    public NDArray system2(ParameterStore ps, NDArray image, NDArray instruction, boolean training) {
        NDArray x = Activation.relu(conv1.forward(ps, new NDList(image), training).singletonOrThrow());
        x = Activation.relu(conv2.forward(ps, new NDList(x), training).singletonOrThrow());
        x = conv3.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray kp = spatialSoftmax(x);
        NDArray t = Activation.relu(text.forward(ps, new NDList(instruction), training).singletonOrThrow());
        NDArray h = Activation.relu(fuse1.forward(ps, new NDList(kp.concat(t, 1)), training).singletonOrThrow());
        return fuse2.forward(ps, new NDList(h), training).singletonOrThrow().tanh();
    }

    /** System 1: latent [B,L] + normalised state [B,S] -> chunk outputs [B, chunk*7]. */
    public NDArray system1(ParameterStore ps, NDArray latent, NDArray state, boolean training) {
        NDArray h = Activation.relu(s1a.forward(ps, new NDList(latent.concat(state, 1)), training).singletonOrThrow());
        h = Activation.relu(s1b.forward(ps, new NDList(h), training).singletonOrThrow());
        return s1out.forward(ps, new NDList(h), training).singletonOrThrow();
    }

    /** [B,C,H,W] -> [B, 2C]: expected (x, y) in [-1, 1] of each channel's softmax. */
    static NDArray spatialSoftmax(NDArray x) {
        Shape s = x.getShape();
        int c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        float[] grid = new float[h * w * 2];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                grid[2 * (i * w + j)] = w == 1 ? 0 : -1 + 2f * j / (w - 1);
                grid[2 * (i * w + j) + 1] = h == 1 ? 0 : -1 + 2f * i / (h - 1);
            }
        }
        NDArray pos = x.getManager().create(grid, new Shape(h * w, 2));
        NDArray soft = x.reshape(-1, h * w).softmax(1);
        return soft.matMul(pos).reshape(-1, c * 2L);
    }

    private static Shape convOut(Shape in, int filters, int k, int stride) {
        long h = (in.get(2) - k) / stride + 1, w = (in.get(3) - k) / stride + 1;
        return new Shape(in.get(0), filters, h, w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, (long) spec.chunkSize() * PolicySpec.ACTION_DIM), new Shape(b, spec.latentDim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int[] c = spec.channels();
        long b = inputShapes[0].get(0);
        Shape img = inputShapes[0];
        conv1.initialize(manager, dataType, img);
        Shape s1 = convOut(img, c[0], 5, 2);
        conv2.initialize(manager, dataType, s1);
        Shape s2 = convOut(s1, c[1], 3, 2);
        conv3.initialize(manager, dataType, s2);
        text.initialize(manager, dataType, inputShapes[1]);
        fuse1.initialize(manager, dataType, new Shape(b, 2L * c[2] + spec.textDim()));
        fuse2.initialize(manager, dataType, new Shape(b, spec.hidden()));
        s1a.initialize(manager, dataType, new Shape(b, (long) spec.latentDim() + inputShapes[2].get(1)));
        s1b.initialize(manager, dataType, new Shape(b, spec.hidden()));
        s1out.initialize(manager, dataType, new Shape(b, spec.hidden()));
    }
}
