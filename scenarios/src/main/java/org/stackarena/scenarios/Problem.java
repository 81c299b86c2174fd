package org.stackarena.scenarios;

/**
 * One thing wrong with an input file: which file, which field (a JSON path such as
 * {@code object.colors[2]}), the offending value and why it is wrong. {@link #toString()} is the
 * one line the CLI prints.
 *
 * @param file the file (or resource) name
 * @param field the JSON path of the field, or "" for the whole file
 * @param value the offending value as text, or null when the field is missing
 * @param reason what is wrong and, where useful, what is allowed
 */
public record Problem(String file, String field, String value, String reason) {

    @Override
    public String toString() {
        return org.stackarena.sim.robot.RobotDescriptorException.line(file, field, value, reason);
    }
}
