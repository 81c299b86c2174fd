package org.stackarena.benchmarks.perf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.stackarena.policies.torchscript.TorchScriptPolicy;
import org.stackarena.policies.torchscript.TorchScriptSpec;
import org.stackarena.api.harness.Percentiles;

/**
 * Wall-time of each loop's TorchScript call (tensor creation, the module method through DJL's
 * PyTorch engine, copying the output back) on the calling thread, on random inputs of the
 * declared shapes; latents come from the loop that produces them.
 */
public final class TorchScriptPerf {

    private TorchScriptPerf() {}

    /**
     * Measures every loop of {@code policy} {@code iterations} times after 50 warm-up calls.
     *
     * @return milliseconds per call by loop name
     */
    public static Map<String, Percentiles> run(TorchScriptPolicy policy, int iterations) {
        Random r = new Random(1);
        Map<String, float[]> inputs = new HashMap<>();
        for (TorchScriptSpec.Feature f : policy.spec().inputs().values()) {
            float[] v = new float[f.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.type() == TorchScriptSpec.FeatureType.LANGUAGE ? 0 : (float) r.nextGaussian();
            }
            inputs.put(f.key(), v);
        }
        Map<String, Percentiles> out = new LinkedHashMap<>();
        for (TorchScriptSpec.Loop l : policy.spec().loops()) {
            if (l.output() != null) {
                inputs.put(l.output(), policy.run(l, inputs).values());
            }
        }
        for (TorchScriptSpec.Loop l : policy.spec().loops()) {
            for (int i = 0; i < 50; i++) {
                policy.run(l, inputs);
            }
            double[] ms = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                policy.run(l, inputs);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            out.put(l.name(), Percentiles.ofSorting(ms));
        }
        return out;
    }
}
