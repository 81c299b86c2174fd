package org.stackarena.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackarena.policies.torchscript.TorchScriptPolicy;
import org.stackarena.policies.torchscript.TorchScriptSpec;
import org.stackarena.policies.torchscript.TorchScriptStack;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/**
 * A policy directory given by path ({@code stackarena bench --policy DIR}): its
 * {@code policy.json} field {@code format} decides how it runs.
 *
 * <ul>
 *   <li>{@value PolicySpec#FORMAT}: a checkpoint of the built-in dual-system VLA
 *       ({@code vla.params}), run as a {@link VlaStack} at the checkpoint's loop rates;</li>
 *   <li>{@value TorchScriptSpec#FORMAT}: a TorchScript {@code .pt} of any architecture run through
 *       DJL's PyTorch engine ({@link TorchScriptStack}); schema in
 *       {@code policies/POLICY_DIRECTORY.md}.</li>
 * </ul>
 *
 * <p>{@link #open} loads the directory once to check it (a TorchScript policy is dry-run on zero
 * inputs), so a mistake is one {@link CheckpointException} line before any episode runs; each
 * {@link #newStack} loads its own copy. Nothing is downloaded: files are read from the directory
 * only.
 */
public final class PolicyDirectory {

    /** Prefix of the default stack name, {@code policy:<directory name>}. */
    public static final String NAME_PREFIX = "policy:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String format;
    private final TorchScriptSpec torchScript;
    private final String description;

    private PolicyDirectory(Path dir, String format, TorchScriptSpec torchScript, String description) {
        this.dir = dir;
        this.format = format;
        this.torchScript = torchScript;
        this.description = description;
    }

    /**
     * Reads and checks the policy directory {@code dir}.
     *
     * @throws CheckpointException one line naming the file and field
     */
    public static PolicyDirectory open(Path dir) {
        Path json = dir.resolve("policy.json");
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": policy directory does not exist");
        }
        if (!Files.isRegularFile(json)) {
            throw new CheckpointException(json + ": missing file (a policy directory holds policy.json and its weights)");
        }
        String text;
        JsonNode root;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new CheckpointException(json + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        JsonNode f = root == null ? null : root.get("format");
        if (f == null || !f.isTextual()) {
            throw new CheckpointException(json + ": field format is missing (expected '" + PolicySpec.FORMAT
                + "' or '" + TorchScriptSpec.FORMAT + "')");
        }
        switch (f.asText()) {
            case PolicySpec.FORMAT -> {
                try (VlaPolicy p = VlaPolicy.load(dir)) {
                    return new PolicyDirectory(dir, PolicySpec.FORMAT, null, "built-in VLA checkpoint "
                        + dir + " (System 1 " + p.spec().system1Hz() + " Hz, System 2 " + p.spec().system2Hz() + " Hz)");
                }
            }
            case TorchScriptSpec.FORMAT -> {
                TorchScriptSpec spec = TorchScriptSpec.parse(json.toString(), text);
                try (TorchScriptPolicy p = TorchScriptPolicy.load(dir, spec)) {
                    String d = spec.description().isBlank() ? "" : ": " + spec.description();
                    return new PolicyDirectory(dir, TorchScriptSpec.FORMAT, spec, "TorchScript policy " + dir + d);
                }
            }
            default -> throw new CheckpointException(json + ": field format is '" + f.asText() + "', expected '"
                + PolicySpec.FORMAT + "' or '" + TorchScriptSpec.FORMAT + "'");
        }
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The value of policy.json's {@code format}. */
    public String format() {
        return format;
    }

    /** {@code policy:<directory name>}. */
    public String defaultStackName() {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return NAME_PREFIX + (n == null ? "policy" : n.toString());
    }

    /** A new stack named {@code name}, with its own copy of the weights. */
    public ControlStack newStack(String name) {
        if (torchScript != null) {
            return new TorchScriptStack(TorchScriptPolicy.load(dir, torchScript), name);
        }
        VlaPolicy p = VlaPolicy.load(dir);
        return new VlaStack(p, name, p.spec().system1Hz(), p.spec().system2Hz(), LatencyModel.measured(1.0));
    }

    /** A stack provider named {@code name} making {@link #newStack}s. */
    public StackProvider provider(String name) {
        return new StackProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public ControlStack create(StackContext context) {
                return newStack(name);
            }
        };
    }
}
