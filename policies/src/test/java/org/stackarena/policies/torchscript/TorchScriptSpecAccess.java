package org.stackarena.policies.torchscript;

import java.nio.file.Path;

/** Test access to the shipped TorchScript example directory from other packages. */
public final class TorchScriptSpecAccess {

    private TorchScriptSpecAccess() {}

    /** {@code examples/torchscript-policy}. */
    public static Path example() {
        return TorchScriptPolicyTest.EXAMPLE;
    }
}
