package org.stackarena.sim;

/**
 * A robot or scene model (MJCF) could not be loaded: the file is missing or unreadable, or
 * MuJoCo's compiler rejected it. The message names the file and carries MuJoCo's own text, on
 * one line, suitable for a CLI's error output.
 */
public class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source the file (or in-memory model name) that failed to load
     * @param problem what was wrong with it
     */
    public ModelLoadException(String source, String problem) {
        super(source + ": " + problem.strip().replaceAll("\\s*\\R\\s*", "; "));
        this.source = source;
    }

    /** @return the file or in-memory model name that failed to load */
    public String source() {
        return source;
    }
}
