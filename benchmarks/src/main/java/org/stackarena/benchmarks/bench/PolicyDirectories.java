package org.stackarena.benchmarks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.policies.PolicyDirectory;
import org.stackarena.api.StackProvider;

/** {@code --policy DIR} or {@code --policy NAME=DIR}: a policy directory as a stack provider. */
final class PolicyDirectories {

    private PolicyDirectories() {}

    /**
     * Checks the directory (loads it once; a TorchScript policy is dry-run) and returns a provider
     * named {@code NAME}, or {@code policy:<directory name>}.
     *
     * @throws UserInputException for a malformed value
     * @throws org.stackarena.api.policy.InvalidPolicyException for a bad directory (one line, exit 2)
     */
    static StackProvider provider(String value) {
        String name = null;
        String path = value;
        int eq = value.indexOf('=');
        if (eq > 0 && !Files.exists(Path.of(value))) {
            name = value.substring(0, eq).strip();
            path = value.substring(eq + 1).strip();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.:-]*")) {
                throw new UserInputException("--policy " + value + ": stack name '" + name
                    + "' may hold only letters, digits and _ . : -");
            }
        }
        if (path.isBlank()) {
            throw new UserInputException("--policy " + value + ": expected DIR or NAME=DIR");
        }
        if (!Files.isDirectory(Path.of(path))) {
            throw new UserInputException("--policy " + value + ": " + path + " is not an existing directory (give a "
                + "policy directory: DIR or NAME=DIR)");
        }
        PolicyDirectory dir = PolicyDirectory.open(Path.of(path));
        return dir.provider(name != null ? name : dir.defaultStackName());
    }
}
