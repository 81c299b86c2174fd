package org.stackarena.policies;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: the repository's {@code examples/} folders, found above the test's working directory. */
public final class Examples {

    private Examples() {}

    /**
     * {@code examples/<name>}, the nearest one above the working directory (surefire runs in a module).
     *
     * @throws IllegalStateException if there is none
     */
    public static Path dir(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path e = p.resolve("examples").resolve(name);
            if (Files.isDirectory(e)) {
                return e;
            }
        }
        throw new IllegalStateException("examples/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
