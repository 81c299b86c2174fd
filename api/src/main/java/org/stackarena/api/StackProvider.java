package org.stackarena.api;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A named source of control stacks, found on the classpath with {@link ServiceLoader}: list the
 * implementing class in {@code META-INF/services/org.stackarena.api.StackProvider}. This is
 * how built-in stacks (expert, classical, vla, hybrids) and researchers' own stacks reach
 * {@code stackarena bench --stack NAME}, as DJL finds engines.
 */
public interface StackProvider {

    /** @return the stack name used on the command line and in results (lower case, dashes) */
    String name();

    /** @return one line for people */
    String description();

    /**
     * @return true for stacks that read ground truth (the scripted expert): reports label them
     *     privileged and keep them apart from honest stacks
     */
    default boolean privileged() {
        return false;
    }

    /**
     * @return false for stacks that need something outside StackArena to run (a policy server),
     *     which {@code --stack all} therefore leaves out; they run when named
     */
    default boolean includedInAll() {
        return true;
    }

    /**
     * Creates a stack for the episodes of one scenario, robot and condition. Honest stacks see only
     * observations through their loops; {@link StackContext#groundTruth()} is filled only when this
     * provider is {@link #privileged()}.
     *
     * @param context the robot, cameras and physics step (tests may pass null to stacks that ignore it)
     */
    ControlStack create(StackContext context) throws Exception;

    /** @return every provider on the classpath, in discovery order */
    static List<StackProvider> all() {
        List<StackProvider> out = new ArrayList<>();
        ServiceLoader.load(StackProvider.class).forEach(out::add);
        return out;
    }

    /**
     * @return the provider named {@code name}
     * @throws IllegalArgumentException listing the known names when there is none
     */
    static StackProvider named(String name) {
        List<StackProvider> all = all();
        for (StackProvider p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no stack named '" + name + "' (known: "
            + String.join(", ", all.stream().map(StackProvider::name).toList()) + ")");
    }
}
