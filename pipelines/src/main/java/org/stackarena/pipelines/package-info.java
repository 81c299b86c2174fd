/**
 * The classical perception, planning and control stack, and the privileged scripted expert.
 * Depends on {@code sim}, {@code scenarios} and EJML.
 */
package org.stackarena.pipelines;
