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
 * 3x3 stride 2, 3x3); the instruction's bag-of-n-grams through a linear embedding, which also
 * modulates the last feature maps channel-wise (FiLM: {@code x * (1 + gamma) + beta}) so that the
 * spatial softmax that follows attends to what the instruction names; the keypoints ((x, y) per
 * channel) and the embedding through an MLP to a tanh latent plus an explicit <em>goal estimate</em>
 * ({@link PolicySpec#GOAL_NAMES}, normalised): where the named object is, where it has to go and
 * which task the instruction asks for.
 * The goal head is trained with an auxiliary loss against the simulator's ground truth recorded in
 * the demonstrations; at run time it is a prediction from pixels and text like the rest.
 * System 1: System 2's output, the normalised state and the goal estimate relative to the end
 * effector through a 3-layer MLP to {@code chunk x 10} outputs (normalised waypoints, gripper).
 *
 * <p>With {@code attentionHeads} K > 0 System 2 also has K instruction-conditioned attention heads
 * ({@link #attend}): the instruction gives each head a query vector, its dot product with the feature
 * maps a softmax over image positions, and the head's expected position and attended features join
 * the MLP's input; the positions also reach the goal layer directly. This is what grounds "the red
 * cube" among distractors.
 *
 * <p>With {@code latentDim} 0 System 2's output is the goal estimate alone: the interface between the
 * two systems is then fully interpretable, and the two can be trained separately
 * ({@link BcTrainer}'s two-stage mode).
 *
 * <p>Inputs of {@link #forward}: image [B,3,H,W], instruction [B,V], state [B,S]; outputs:
 * actions [B, chunk*10] and System 2's output [B, latentDim + 6].
 */
public final class VlaNet extends AbstractBlock {

    /**
     * Fixed gain on the feature maps before the spatial softmax: freshly initialised convolutions give
     * small logits, so the softmax starts nearly uniform and its keypoints barely move; the gain
     * makes them sharp from the start (the network can still learn a softer map).
     */
    static final float SOFTMAX_GAIN = 4f;

    private final PolicySpec spec;
    private final Block conv1, conv2, conv3, text, film, attn, fuse1, fuse2, goal, s1a, s1b, s1out;
    /** Per chunk step, the action statistics of the waypoint position (x, y, z): the anchors' scale. */
    private final float[] waypointMean, waypointStd;

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
        film = addChildBlock("film", Linear.builder().setUnits(2L * c[2]).build());
        attn = spec.attentionHeads() == 0 ? null
            : addChildBlock("attn", Linear.builder().setUnits((long) spec.attentionHeads() * c[2]).build());
        fuse1 = addChildBlock("fuse1", Linear.builder().setUnits(spec.hidden()).build());
        fuse2 = spec.latentDim() == 0 ? null
            : addChildBlock("fuse2", Linear.builder().setUnits(spec.latentDim()).build());
        goal = addChildBlock("goal", Linear.builder().setUnits(PolicySpec.GOAL_DIM).build());
        s1a = addChildBlock("s1a", Linear.builder().setUnits(spec.hidden()).build());
        s1b = addChildBlock("s1b", Linear.builder().setUnits(spec.hidden()).build());
        s1out = addChildBlock("s1out", Linear.builder().setUnits((long) spec.chunkSize()
            * (PolicySpec.ACTION_DIM + (spec.anchoredWaypoints() ? PolicySpec.ANCHOR_DIM : 0))).build());
        int n = spec.chunkSize(), nd = PolicySpec.NORM_DIM;
        waypointMean = new float[n * 3];
        waypointStd = new float[n * 3];
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < 3; d++) {
                waypointMean[j * 3 + d] = spec.actionMean()[j * nd + d];
                waypointStd[j * 3 + d] = spec.actionStd()[j * nd + d];
            }
        }
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

    /**
     * System 2: image [B,3,H,W] + instruction [B,V] -> [B, L + 6]: the tanh latent, then the
     * normalised goal estimate.
     */
    public NDArray system2(ParameterStore ps, NDArray image, NDArray instruction, boolean training) {
        NDArray x = Activation.relu(conv1.forward(ps, new NDList(image), training).singletonOrThrow());
        x = Activation.relu(conv2.forward(ps, new NDList(x), training).singletonOrThrow());
        NDArray f = conv3.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray t = Activation.relu(text.forward(ps, new NDList(instruction), training).singletonOrThrow());
        long c = f.getShape().get(1);
        NDArray gb = film.forward(ps, new NDList(t), training).singletonOrThrow();
        NDArray gamma = gb.get(":, 0:" + c).reshape(-1, c, 1, 1);
        NDArray beta = gb.get(":, " + c + ":").reshape(-1, c, 1, 1);
        NDArray kp = spatialSoftmax(f.mul(gamma.add(1)).add(beta).mul(SOFTMAX_GAIN));
        NDArray goalIn;
        NDArray fused;
        if (attn == null) {
            fused = kp.concat(t, 1);
            goalIn = null;
        } else {
            NDArray[] a = attend(f, attn.forward(ps, new NDList(t), training).singletonOrThrow());
            fused = new NDList(kp, t, a[0], a[1]).stream().reduce((p, q) -> p.concat(q, 1)).orElseThrow();
            goalIn = a[0];
        }
        NDArray h = Activation.relu(fuse1.forward(ps, new NDList(fused), training).singletonOrThrow());
        NDArray g = goal.forward(ps, new NDList(goalIn == null ? h : h.concat(goalIn, 1)), training).singletonOrThrow();
        if (fuse2 == null) {
            return g;
        }
        NDArray latent = fuse2.forward(ps, new NDList(h), training).singletonOrThrow().tanh();
        return latent.concat(g, 1);
    }

    /**
     * Instruction-conditioned attention: each head's query (a C-vector computed from the instruction)
     * scores every position of the feature maps {@code f} [B,C,H,W] by dot product; the softmax over
     * positions gives the head's expected image position and the attended feature vector. "The red
     * cube" becomes a query that matches red features, so the head's position is the named object's
     * wherever it is and whatever else is on the table. (The FiLM keypoints cannot do this: each channel's
     * softmax is normalised on its own, so the instruction can scale a channel but not switch it off.)
     *
     * @return {positions [B, 2K] in [-1, 1], features [B, K*C]}
     */
    static NDArray[] attend(NDArray f, NDArray queries) {
        Shape s = f.getShape();
        long c = s.get(1), hw = s.get(2) * s.get(3);
        NDArray maps = f.reshape(-1, c, hw);
        NDArray q = queries.reshape(-1, queries.getShape().get(1) / c, c);
        NDArray soft = q.matMul(maps).mul(SOFTMAX_GAIN).softmax(2);
        NDArray pos = soft.matMul(grid(f.getManager(), (int) s.get(2), (int) s.get(3)));
        // [B,K,C] as a broadcast product summed over positions, not a matMul with a transposed operand: the
        // transposes' non-contiguous gradients met this libtorch's CPU backward kernels (NaN gradients)
        NDArray feat = soft.expandDims(2).mul(maps.expandDims(1)).sum(new int[] {3});
        return new NDArray[] {pos.reshape(-1, pos.getShape().get(1) * 2), feat.reshape(-1, feat.getShape().get(1) * c)};
    }

    /**
     * System 1: System 2's output [B, L + 6] + normalised state [B,S] -> chunk outputs [B, chunk*10].
     * The goal estimate is also given relative to the end effector (metres x 10), which the MLP
     * would otherwise have to learn to compute.
     */
    public NDArray system1(ParameterStore ps, NDArray system2, NDArray state, boolean training) {
        NDList r = system1Raw(ps, system2, state, training);
        return spec.anchoredWaypoints() ? anchor(r.get(0), r.get(1).div(10f)) : r.get(0);
    }

    /**
     * System 1 before the anchor mix: {raw outputs [B, chunk * (10 + anchor outputs)], the object and goal
     * relative to the end effector [B, 6] (metres x 10)}. {@link #system1} is this followed by
     * {@link #anchor}; {@link #anchorMix} is the same mix in plain Java for one sample at inference.
     */
    private NDList system1Raw(ParameterStore ps, NDArray system2, NDArray state, boolean training) {
        NDManager m = system2.getManager();
        int l = spec.latentDim();
        NDArray g = system2.get(":, " + l + ":").mul(m.create(spec.goalStd())).add(m.create(spec.goalMean()));
        float[] sm = {spec.stateMean()[0], spec.stateMean()[1], spec.stateMean()[2]};
        float[] ss = {spec.stateStd()[0], spec.stateStd()[1], spec.stateStd()[2]};
        NDArray ee = state.get(":, 0:3").mul(m.create(ss)).add(m.create(sm));
        NDArray rel = g.get(":, 0:3").sub(ee).concat(g.get(":, 3:6").sub(ee), 1).mul(10f);
        NDArray in = new NDList(system2, state, rel).stream().reduce((a, b) -> a.concat(b, 1)).orElseThrow();
        return system1Head(ps, in, rel, training);
    }

    /** The MLP of System 1 on its assembled input [system2, state, rel] and the relative goal rel. */
    private NDList system1Head(ParameterStore ps, NDArray in, NDArray rel, boolean training) {
        NDArray h = Activation.relu(s1a.forward(ps, new NDList(in), training).singletonOrThrow());
        h = Activation.relu(s1b.forward(ps, new NDList(h), training).singletonOrThrow());
        // the relative goal also reaches the output layer directly: "move towards the object" is then a
        // linear map the network need not approximate with ReLUs (it was attenuated, overshooting by cm)
        NDArray out = s1out.forward(ps, new NDList(h.concat(rel, 1)), training).singletonOrThrow();
        return new NDList(out, rel);
    }

    /**
     * System 1 for one sample at inference (no gradients): as {@link #system1}, with the relative goal, the
     * input assembly and the anchor mix ({@link #anchorMix}) done in Java rather than as ~35 small native
     * operations and four constant tensors per tick; {@code m} holds the tick's two input tensors.
     */
    float[] system1Sample(ParameterStore ps, NDManager m, float[] system2, float[] state) {
        int l = spec.latentDim();
        float[] rel = new float[6];
        for (int d = 0; d < 3; d++) {
            float ee = state[d] * spec.stateStd()[d] + spec.stateMean()[d];
            rel[d] = (system2[l + d] * spec.goalStd()[d] + spec.goalMean()[d] - ee) * 10f;
            rel[3 + d] = (system2[l + 3 + d] * spec.goalStd()[3 + d] + spec.goalMean()[3 + d] - ee) * 10f;
        }
        float[] in = new float[system2.length + state.length + rel.length];
        System.arraycopy(system2, 0, in, 0, system2.length);
        System.arraycopy(state, 0, in, system2.length, state.length);
        System.arraycopy(rel, 0, in, system2.length + state.length, rel.length);
        NDArray out = system1Head(ps, m.create(in, new Shape(1, in.length)), m.create(rel, new Shape(1, rel.length)), false)
            .get(0);
        return spec.anchoredWaypoints() ? anchorMix(out.toFloatArray(), rel) : out.toFloatArray();
    }

    /**
     * {@link #anchor} for one sample in plain Java: {@code out} the raw outputs, {@code rel} the relative
     * object and goal (metres x 10). The DJL version costs ~25 small native operations per System 1 tick;
     * this costs none (equal within float rounding, {@code VlaNetTest}).
     */
    private float[] anchorMix(float[] out, float[] rel) {
        int n = spec.chunkSize(), ad = PolicySpec.ACTION_DIM, xd = PolicySpec.ANCHOR_DIM;
        float[] res = new float[n * ad];
        for (int j = 0; j < n; j++) {
            int b = j * ad, x = n * ad + j * xd;
            float l0 = out[x + 6], l1 = out[x + 7], l2 = out[x + 8];
            float mx = Math.max(l0, Math.max(l1, l2));
            double e0 = Math.exp(l0 - mx), e1 = Math.exp(l1 - mx), e2 = Math.exp(l2 - mx), z = e0 + e1 + e2;
            for (int d = 0; d < 3; d++) {
                float mu = waypointMean[j * 3 + d], sd = waypointStd[j * 3 + d];
                double pEe = out[b + d] * sd + mu;
                double pObj = rel[d] / 10.0 + out[x + d] * ANCHOR_OFFSET_M;
                double pGoal = rel[3 + d] / 10.0 + out[x + 3 + d] * ANCHOR_OFFSET_M;
                double p = (pEe * e0 + pObj * e1 + pGoal * e2) / z;
                res[b + d] = (float) ((p - mu) / sd);
            }
            System.arraycopy(out, b + 3, res, b + 3, ad - 3);
        }
        return res;
    }

    /**
     * Anchored waypoints: per chunk step the raw output holds the usual 10 numbers, then an offset from the
     * object and one from the goal point (x 5 cm) and three anchor logits. The waypoint (relative to the
     * end effector) is the softmax-weighted mix of: the usual end-effector-relative prediction, the object
     * plus its offset, the goal plus its offset. Near the object the network can then say "2 cm above the
     * object" exactly, wherever the object is, instead of regressing the offset from the relative goal
     * through ReLUs (which left the gripper 2-3 cm beside the object, measured). Returns the usual
     * layout [B, chunk*10] (normalised positions, rotation columns, gripper).
     */
    private NDArray anchor(NDArray out, NDArray relM) {
        NDManager m = out.getManager();
        int n = spec.chunkSize(), ad = PolicySpec.ACTION_DIM;
        NDArray base = out.get(":, 0:" + n * ad).reshape(-1, n, ad);
        NDArray ex = out.get(":, " + n * ad + ":").reshape(-1, n, PolicySpec.ANCHOR_DIM);
        NDArray mu = m.create(waypointMean, new Shape(1, n, 3)), sd = m.create(waypointStd, new Shape(1, n, 3));
        NDArray pEe = base.get(":, :, 0:3").mul(sd).add(mu);
        NDArray pObj = relM.get(":, 0:3").reshape(-1, 1, 3).add(ex.get(":, :, 0:3").mul(ANCHOR_OFFSET_M));
        NDArray pGoal = relM.get(":, 3:6").reshape(-1, 1, 3).add(ex.get(":, :, 3:6").mul(ANCHOR_OFFSET_M));
        NDArray w = ex.get(":, :, 6:9").softmax(2);
        NDArray p = pEe.mul(w.get(":, :, 0:1")).add(pObj.mul(w.get(":, :, 1:2"))).add(pGoal.mul(w.get(":, :, 2:3")));
        return p.sub(mu).div(sd).concat(base.get(":, :, 3:" + ad), 2).reshape(-1, (long) n * ad);
    }

    /** Scale of the anchored waypoints' offsets (metres per unit of output). */
    static final float ANCHOR_OFFSET_M = 0.05f;

    /** [B,C,H,W] -> [B, 2C]: expected (x, y) in [-1, 1] of each channel's softmax. */
    static NDArray spatialSoftmax(NDArray x) {
        Shape s = x.getShape();
        int c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3);
        NDArray soft = x.reshape(-1, (long) h * w).softmax(1);
        return soft.matMul(grid(x.getManager(), h, w)).reshape(-1, c * 2L);
    }

    /** [H*W, 2]: (x, y) in [-1, 1] of each position of an H x W map, row-major. */
    private static NDArray grid(NDManager m, int h, int w) {
        float[] grid = GRIDS.computeIfAbsent(((long) h << 32) | w, k -> gridValues(h, w));
        return m.create(grid, new Shape((long) h * w, 2));
    }

    /** Grids by map size (H in the high word, W in the low): built once, not at every forward pass. */
    private static final java.util.Map<Long, float[]> GRIDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static float[] gridValues(int h, int w) {
        float[] grid = new float[h * w * 2];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                grid[2 * (i * w + j)] = w == 1 ? 0 : -1 + 2f * j / (w - 1);
                grid[2 * (i * w + j) + 1] = h == 1 ? 0 : -1 + 2f * i / (h - 1);
            }
        }
        return grid;
    }

    private static Shape convOut(Shape in, int filters, int k, int stride) {
        long h = (in.get(2) - k) / stride + 1, w = (in.get(3) - k) / stride + 1;
        return new Shape(in.get(0), filters, h, w);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, (long) spec.chunkSize() * PolicySpec.ACTION_DIM),
            new Shape(b, spec.latentDim() + PolicySpec.GOAL_DIM)};
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
        film.initialize(manager, dataType, new Shape(b, spec.textDim()));
        long k = spec.attentionHeads();
        if (attn != null) {
            attn.initialize(manager, dataType, new Shape(b, spec.textDim()));
        }
        fuse1.initialize(manager, dataType, new Shape(b, 2L * c[2] + spec.textDim() + 2 * k + k * c[2]));
        if (fuse2 != null) {
            fuse2.initialize(manager, dataType, new Shape(b, spec.hidden()));
        }
        goal.initialize(manager, dataType, new Shape(b, spec.hidden() + 2 * k));
        s1a.initialize(manager, dataType, new Shape(b,
            (long) spec.latentDim() + PolicySpec.GOAL_DIM + inputShapes[2].get(1) + PolicySpec.POSITION_DIM));
        s1b.initialize(manager, dataType, new Shape(b, spec.hidden()));
        s1out.initialize(manager, dataType, new Shape(b, (long) spec.hidden() + PolicySpec.POSITION_DIM));
    }
}
