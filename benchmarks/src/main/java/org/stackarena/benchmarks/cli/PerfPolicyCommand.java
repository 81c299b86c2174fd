package org.stackarena.benchmarks.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackarena.api.harness.Percentiles;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.benchmarks.perf.PolicyPerf;
import org.stackarena.policies.PolicyDirectory;
import org.stackarena.policies.VlaPolicy;
import org.stackarena.policies.VlaStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stackarena perf policy}: per stage of a learned stack, the bare model call and the whole stack
 * tick side by side (p50/p99 and their ratio) and the bytes each allocates, on one thread: the shipped
 * VLA by default, or any policy directory ({@code --checkpoint DIR}, any format a loader reads).
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Measure a learned stack per stage: bare model call vs. whole stack tick (p50/p99, ratio) and "
        + "bytes allocated per call, one thread.")
public final class PerfPolicyCommand implements Callable<Integer> {

    @Option(names = {"--checkpoint", "--policy"}, paramLabel = "DIR", converter = Converters.ExistingDir.class,
        description = "a policy directory of any format (default: the shipped VLA checkpoint)")
    Path checkpoint;

    @Option(names = "--iterations", defaultValue = "3000", converter = Converters.AtLeast10.class,
        description = "samples per stage at 20 Hz or faster (default ${DEFAULT-VALUE})")
    int iterations1;

    @Option(names = "--system2-iterations", defaultValue = "300", converter = Converters.AtLeast10.class,
        description = "samples per slower stage, e.g. the VLA's System 2 (default ${DEFAULT-VALUE})")
    int iterations2;

    @Option(names = "--image-size", defaultValue = "96", converter = CollectCommand.ImageSize.class, description = "camera frame size (default ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--main-thread", description = "measure on the main thread instead of a fresh worker thread "
        + "(bench runs episodes on worker threads)")
    boolean mainThread;

    @Option(names = "--json", paramLabel = "FILE", converter = Converters.OutputFile.class, description = "also write {<stage>_p50_ms, <stage>_p99_ms, <stage>_infer_p50_ms, "
        + "<stage>_infer_p99_ms, <stage>_bytes_per_tick, ...} here")
    Path json;

    /** Standalone entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfPolicyCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (iterations1 < 10 || iterations2 < 10) {
            throw new UserInputException("--iterations and --system2-iterations must be >= 10");
        }
        PolicyStack stack;
        String what;
        if (checkpoint == null) {
            stack = VlaStack.create(VlaPolicy.loadDefault());
            what = "shipped VLA checkpoint (classpath)";
        } else {
            PolicyDirectory dir = PolicyDirectory.open(checkpoint);
            stack = dir.newStack(dir.defaultStackName());
            if (stack.chunkExecution() == org.stackarena.api.policy.ChunkExecution.blocking()) {
                // blocking leaves most ticks idle (no inference): time every tick's inference instead
                stack.close();
                stack = dir.withChunkExecution(org.stackarena.api.policy.ChunkExecution.holdAndSwitch())
                    .newStack(dir.defaultStackName());
            }
            what = checkpoint + " (" + dir.format() + ")";
        }
        String chunks = stack.chunkExecution().toString();
        List<PolicyPerf.StageResult> results = new PolicyPerf(stack, iterations1, iterations2, imageSize).run(mainThread);
        System.out.printf("policy           %s, chunk execution %s%n", what, chunks);
        System.out.printf("thread           %s; intra-op %s, inter-op %s%n",
            mainThread ? "main" : "a fresh worker thread (as bench's episode workers)",
            System.getProperty("ai.djl.pytorch.num_threads"), System.getProperty("ai.djl.pytorch.num_interop_threads"));
        Map<String, Object> out = new LinkedHashMap<>();
        for (PolicyPerf.StageResult r : results) {
            Percentiles i = r.infer();
            Percentiles t = r.tick();
            System.out.printf("%-16s model call   p50 %.3f ms  p99 %.3f ms  %8.0f bytes/call  (%d samples, %.0f Hz)%n",
                r.stage(), i.p50(), i.p99(), r.inferBytes(), r.samples(), r.rateHz());
            System.out.printf("%-16s preprocess   p50 %.3f ms  p99 %.3f ms  (translator input alone)%n", r.stage(),
                r.preprocess().p50(), r.preprocess().p99());
            System.out.printf("%-16s stack tick   p50 %.3f ms  p99 %.3f ms  %8.0f bytes/tick  tick/call p50 %.2fx%n",
                r.stage(), t.p50(), t.p99(), r.tickBytes(), r.ratioP50());
            out.put(r.stage() + "_p50_ms", t.p50());
            out.put(r.stage() + "_p99_ms", t.p99());
            out.put(r.stage() + "_infer_p50_ms", i.p50());
            out.put(r.stage() + "_infer_p99_ms", i.p99());
            out.put(r.stage() + "_tick_over_infer_p50", r.ratioP50());
            out.put(r.stage() + "_preprocess_p50_ms", r.preprocess().p50());
            out.put(r.stage() + "_bytes_per_tick", r.tickBytes());
            out.put(r.stage() + "_bytes_per_infer", r.inferBytes());
        }
        if (json != null) {
            PerfCommand.writeJson(json, out);
        }
        return 0;
    }
}
