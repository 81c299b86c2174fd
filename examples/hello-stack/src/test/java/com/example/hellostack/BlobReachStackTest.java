package com.example.hellostack;

import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;
import org.stackarena.api.harness.FakeArmWorld;
import org.stackarena.api.harness.World;

/**
 * The stack contract on the pure-Java fake arm: this example needs {@code stackarena-api} and its
 * test-jar only (no MuJoCo). Its end-to-end run in a real scenario is
 * {@code org.stackarena.benchmarks.examples.HelloStackEndToEndTest}.
 */
class BlobReachStackTest extends ControlStackContract {

    @Override
    protected ControlStack createStack() {
        return new BlobReachStack();
    }

    /** The fake arm, told to reach the red object, with a red blob in its camera frames. */
    @Override
    protected World createWorld() {
        return FakeArmWorld.builder().optTimeLimit(30).optInstruction("touch the red cube").optMarker(220, 30, 30)
            .build();
    }
}
