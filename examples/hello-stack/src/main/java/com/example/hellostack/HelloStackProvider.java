package com.example.hellostack;

import org.stackarena.sim.harness.World;
import org.stackarena.sim.stack.ControlStack;
import org.stackarena.sim.stack.StackProvider;

/**
 * Makes {@link BlobReachStack} available as {@code --stack hello-reach}: listed in
 * {@code META-INF/services/org.stackarena.sim.stack.StackProvider}.
 */
public final class HelloStackProvider implements StackProvider {

    @Override
    public String name() {
        return "hello-reach";
    }

    @Override
    public String description() {
        return "example: reaches for the named colour from the front RGB-D camera (examples/hello-stack)";
    }

    @Override
    public ControlStack create(World world) {
        return new BlobReachStack();
    }
}
