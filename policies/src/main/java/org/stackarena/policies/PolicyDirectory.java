package org.stackarena.policies;

import java.nio.file.Path;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackContext;
import org.stackarena.api.StackProvider;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;

/**
 * A policy directory given by path ({@code stackarena bench --policy DIR}): its {@code policy.json}
 * field {@code format} picks the {@link PolicyLoader} (found with {@code ServiceLoader}) that turns it
 * into a {@link PolicyStack}. Built in: {@value PolicySpec#FORMAT} ({@link VlaPolicyLoader}),
 * {@value org.stackarena.policies.torchscript.TorchScriptSpec#FORMAT}
 * ({@link org.stackarena.policies.torchscript.TorchScriptPolicyLoader}),
 * {@value org.stackarena.policies.remote.RemotePolicyLoader#FORMAT}
 * ({@link org.stackarena.policies.remote.RemotePolicyLoader}) and
 * {@value org.stackarena.policies.wam.WamSpec#FORMAT} ({@link org.stackarena.policies.wam.WamPolicyLoader}); schema in
 * {@code policies/POLICY_DIRECTORY.md}.
 *
 * <p>{@link #open} checks the directory once ({@link PolicyLoader#check}: weights loaded, a TorchScript
 * policy dry-run on zero inputs), so a mistake is one
 * {@link org.stackarena.api.policy.InvalidPolicyException} line before any episode runs, and an unknown
 * format lists the known ones; each {@link #newStack} loads its own copy. Nothing is downloaded.
 */
public final class PolicyDirectory {

    /** Prefix of the default stack name, {@code policy:<directory name>}. */
    public static final String NAME_PREFIX = "policy:";

    private final Path dir;
    private final PolicyLoader loader;
    private final String description;
    private final ChunkExecution execution;

    private PolicyDirectory(Path dir, PolicyLoader loader, String description, ChunkExecution execution) {
        this.dir = dir;
        this.loader = loader;
        this.description = description;
        this.execution = execution;
    }

    /**
     * Reads and checks the policy directory {@code dir}.
     *
     * @throws org.stackarena.api.policy.InvalidPolicyException one line naming the file and field
     */
    public static PolicyDirectory open(Path dir) {
        PolicyLoader loader = PolicyLoader.forDirectory(dir);
        return new PolicyDirectory(dir, loader, loader.check(dir), null);
    }

    /** This directory run with chunk execution {@code execution} (null: the loader's default). */
    public PolicyDirectory withChunkExecution(ChunkExecution execution) {
        return new PolicyDirectory(dir, loader, description, execution);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The value of policy.json's {@code format}. */
    public String format() {
        return loader.format();
    }

    /** The loader of that format. */
    public PolicyLoader loader() {
        return loader;
    }

    /** One line describing the policy (from the check). */
    public String description() {
        return description;
    }

    /** {@code policy:<directory name>}. */
    public String defaultStackName() {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return NAME_PREFIX + (n == null ? "policy" : n.toString());
    }

    /** A new stack named {@code name}, with its own copy of the weights. */
    public PolicyStack newStack(String name) {
        return loader.load(dir, new PolicyLoader.Options(name, execution));
    }

    /**
     * A new stack named {@code name} with the chunk execution {@code context} asks for
     * ({@link StackContext#chunkExecution}), else this directory's ({@link #withChunkExecution}), else
     * the loader's default.
     */
    public PolicyStack newStack(String name, StackContext context) {
        PolicyLoader.Options o = PolicyLoader.Options.forContext(name, context);
        return loader.load(dir, o.chunkExecution() != null ? o : new PolicyLoader.Options(name, execution));
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
                return newStack(name, context);
            }
        };
    }
}
