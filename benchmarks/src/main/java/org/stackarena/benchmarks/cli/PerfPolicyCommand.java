package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackarena.benchmarks.perf.PolicyPerf;
import org.stackarena.benchmarks.perf.TorchScriptPerf;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.torchscript.TorchScriptPolicy;
import org.stackarena.policies.torchscript.TorchScriptSpec;
import org.stackarena.api.harness.Percentiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stackarena perf policy}: System 1 / System 2 tick latency of the VLA on one core, or with
 * {@code --policy DIR} the per-loop call latency of a TorchScript policy.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Measure VLA System 1 and System 2 latency (DJL inference alone and whole tick), one thread.")
public final class PerfPolicyCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", description = "checkpoint directory (default: the shipped one)")
    Path checkpoint;

    @Option(names = "--policy", paramLabel = "DIR", description = "a TorchScript policy directory instead: time each "
        + "loop's module call (--iterations samples per loop)")
    Path torchScript;

    @Option(names = "--iterations", defaultValue = "3000", description = "System 1 samples (default ${DEFAULT-VALUE})")
    int iterations1;

    @Option(names = "--system2-iterations", defaultValue = "300", description = "System 2 samples (default ${DEFAULT-VALUE})")
    int iterations2;

    @Option(names = "--image-size", defaultValue = "96", description = "camera frame size (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--json", description = "also write {system1_p50_ms, system1_p99_ms, system2_p50_ms, system2_p99_ms, ...} here")
    Path json;

    private int torchScript() throws Exception {
        Path file = torchScript.resolve("policy.json");
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new UserInputException("--policy " + torchScript + ": no policy.json there");
        }
        TorchScriptSpec spec = TorchScriptSpec.parse(file.toString(), java.nio.file.Files.readString(file));
        Map<String, Object> out = new LinkedHashMap<>();
        try (TorchScriptPolicy policy = TorchScriptPolicy.load(torchScript, spec)) {
            System.out.printf("policy           %s%n", torchScript);
            System.out.printf("threads          intra-op %s, inter-op %s%n",
                System.getProperty("ai.djl.pytorch.num_threads"), System.getProperty("ai.djl.pytorch.num_interop_threads"));
            for (Map.Entry<String, Percentiles> e : TorchScriptPerf.run(policy, iterations1).entrySet()) {
                Percentiles p = e.getValue();
                System.out.printf("%-16s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d samples)%n", e.getKey() + " infer",
                    p.p50(), p.p99(), p.max(), iterations1);
                out.put(e.getKey() + "_infer_p50_ms", p.p50());
                out.put(e.getKey() + "_infer_p99_ms", p.p99());
            }
        }
        if (json != null) {
            PerfCommand.writeJson(json, out);
        }
        return 0;
    }

    /** Standalone entry point (until the command is wired into Main as {@code perf policy}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfPolicyCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (iterations1 < 10 || iterations2 < 10) {
            throw new UserInputException("--iterations and --system2-iterations must be >= 10");
        }
        if (torchScript != null) {
            return torchScript();
        }
        VlaPolicy policy = checkpoint == null ? VlaPolicy.loadDefault() : VlaPolicy.load(checkpoint);
        PolicyPerf.Result r = new PolicyPerf(policy, iterations1, iterations2, imageSize).run();
        System.out.printf("checkpoint       %s%n", checkpoint == null ? "shipped (classpath)" : checkpoint);
        System.out.printf("threads          intra-op %s, inter-op %s%n", System.getProperty("ai.djl.pytorch.num_threads"),
            System.getProperty("ai.djl.pytorch.num_interop_threads"));
        System.out.printf("system1 infer    p50 %.3f ms  p99 %.3f ms  (%d samples)%n", r.system1InferP50(), r.system1InferP99(), r.iterations1());
        System.out.printf("system1 tick     p50 %.3f ms  p99 %.3f ms  %.0f bytes allocated per tick%n", r.system1TickP50(),
            r.system1TickP99(), r.system1BytesPerTick());
        System.out.printf("system2 infer    p50 %.3f ms  p99 %.3f ms  (%d samples, %dx%d frame)%n", r.system2InferP50(),
            r.system2InferP99(), r.iterations2(), imageSize, imageSize);
        System.out.printf("system2 tick     p50 %.3f ms  p99 %.3f ms%n", r.system2TickP50(), r.system2TickP99());
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("system1_p50_ms", r.system1TickP50());
            out.put("system1_p99_ms", r.system1TickP99());
            out.put("system1_bytes_per_tick", r.system1BytesPerTick());
            out.put("system2_p50_ms", r.system2TickP50());
            out.put("system2_p99_ms", r.system2TickP99());
            out.put("system1_infer_p50_ms", r.system1InferP50());
            out.put("system1_infer_p99_ms", r.system1InferP99());
            out.put("system2_infer_p50_ms", r.system2InferP50());
            out.put("system2_infer_p99_ms", r.system2InferP99());
            PerfCommand.writeJson(json, out);
        }
        return 0;
    }
}
