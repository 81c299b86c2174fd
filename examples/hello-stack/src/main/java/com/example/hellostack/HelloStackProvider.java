package com.example.hellostack;

import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/**
 * Makes {@link BlobReachStack} available as {@code --stack hello-reach}: listed in
 * {@code META-INF/services/org.stackarena.api.StackProvider}.
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
    public ControlStack create(StackContext context) {
        return new BlobReachStack();
    }
}
