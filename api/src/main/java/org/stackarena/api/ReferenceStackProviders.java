package org.stackarena.api;

/** Providers for the reference stacks shipped in this package (hold-still and random). */
public final class ReferenceStackProviders {

    private ReferenceStackProviders() {}

    /** {@code hold-still}: keeps the joints where they start. A floor for every task. */
    public static final class HoldStill implements StackProvider {
        @Override
        public String name() {
            return "hold-still";
        }

        @Override
        public String description() {
            return "reference: holds the initial joint positions (a floor for success rates)";
        }

        @Override
        public ControlStack create(StackContext context) {
            return new HoldStillStack();
        }
    }

    /** {@code random}: seeded small random end-effector motions. */
    public static final class Random implements StackProvider {
        @Override
        public String name() {
            return "random";
        }

        @Override
        public String description() {
            return "reference: seeded random small end-effector motions";
        }

        @Override
        public ControlStack create(StackContext context) {
            return new RandomStack();
        }
    }
}
