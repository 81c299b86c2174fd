/**
 * Scenario files (JSON) and their validated model: scene, task, instructions, randomisation,
 * perturbations and success predicates. Depends on {@code sim} and {@code seeds} only.
 */
package org.stackarena.scenarios;
