package org.stackarena.policies.torchscript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.CheckpointException;

/**
 * Loader of format {@value TorchScriptSpec#FORMAT}: TorchScript {@code .pt} files of any architecture run
 * through DJL's PyTorch engine, one {@link PolicyStack} stage per {@code policy.json} loop
 * ({@link TorchScriptStack}); chunks executed as policy.json's {@code chunk_execution} says, else with
 * {@code hold-and-switch}; the caller's choice ({@code --chunking}) wins.
 */
public final class TorchScriptPolicyLoader implements PolicyLoader {

    @Override
    public String format() {
        return TorchScriptSpec.FORMAT;
    }

    /** Parses policy.json, loads the modules and dry-runs every loop on zeros. */
    @Override
    public String check(Path dir) {
        TorchScriptSpec spec = spec(dir);
        try (TorchScriptPolicy p = TorchScriptPolicy.load(dir, spec)) {
            String d = spec.description().isBlank() ? "" : ": " + spec.description();
            return "TorchScript policy " + dir + d;
        }
    }

    @Override
    public PolicyStack load(Path dir, Options options) {
        TorchScriptSpec spec = spec(dir);
        ChunkExecution fromFile = spec.chunkExecution() != null ? spec.chunkExecution() : ChunkExecution.holdAndSwitch();
        return TorchScriptStack.create(TorchScriptPolicy.load(dir, spec), options.stackName(),
            options.chunkExecutionOr(fromFile));
    }

    /** The parsed policy.json of {@code dir}. */
    static TorchScriptSpec spec(Path dir) {
        Path json = dir.resolve(POLICY_JSON);
        try {
            return TorchScriptSpec.parse(json.toString(), Files.readString(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CheckpointException(json + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
