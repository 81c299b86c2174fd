package org.stackarena.sim.robot;

/**
 * A robot descriptor (or the MJCF it names) is wrong. The message is the one line a CLI prints:
 * {@code FILE: field 'F' = VALUE: PROBLEM}, naming the descriptor file, the field and what to do.
 */
public class RobotDescriptorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the descriptor file as the user gave it
     * @param field the JSON path of the field, or "" for the whole file
     * @param value the offending value as text, or null when there is none (e.g. a missing field)
     * @param problem what is wrong and, where useful, what is allowed
     */
    public RobotDescriptorException(String file, String field, String value, String problem) {
        super(line(file, field, value, problem));
    }

    /**
     * The one-line form every StackArena input error takes: {@code FILE: field 'F' = VALUE: PROBLEM}
     * (without the field part when {@code field} is empty, without {@code = VALUE} when it is null),
     * line breaks in the problem folded to "; ".
     */
    public static String line(String file, String field, String value, String problem) {
        StringBuilder b = new StringBuilder(file).append(": ");
        if (!field.isEmpty()) {
            b.append("field '").append(field).append("'");
            if (value != null) {
                b.append(" = ").append(value);
            }
            b.append(": ");
        }
        return b.append(problem.strip().replaceAll("\\s*\\R\\s*", "; ")).toString();
    }
}
