package org.stackarena.scenarios;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario, condition, suite or seed file is malformed. Carries every {@link Problem} found, so
 * a validator can print one line per problem; {@link #getMessage()} is those lines joined.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** @param problems at least one problem */
    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @param problem the one problem */
    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    /** @return every problem found */
    public List<Problem> problems() {
        return problems;
    }
}
