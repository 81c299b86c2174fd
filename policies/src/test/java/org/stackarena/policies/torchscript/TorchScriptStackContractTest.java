package org.stackarena.policies.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.policies.PolicyDirectory;

/** The shipped TorchScript example, loaded through its policy loader, passes the stack contract. */
class TorchScriptStackContractTest extends ControlStackContract {

    static final Path EXAMPLE = TorchScriptPolicyTest.EXAMPLE;

    @Override
    protected ControlStack createStack() {
        return PolicyDirectory.open(EXAMPLE).newStack("policy:torchscript-policy");
    }

    @Test
    void theExampleIsOnePolicyStackStagePerLoop() {
        try (PolicyStack stack = PolicyDirectory.open(EXAMPLE).newStack("ts")) {
            assertThat(stack.loops()).extracting(l -> l.name()).containsExactly("policy");
            assertThat(stack.chunkExecution().toString()).isEqualTo("hold-and-switch");
            assertThat(stack.stage("policy").loop().rateHz()).isEqualTo(20.0);
        }
    }
}
