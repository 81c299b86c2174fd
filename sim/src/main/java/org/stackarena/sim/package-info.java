/**
 * MuJoCo physics for StackArena: {@link org.stackarena.sim.Simulation} (model + data, load,
 * step, reset, state, kinematics, contacts) and its exceptions. May depend on JavaCPP, EJML,
 * Jackson and SLF4J only; nothing here depends on another StackArena module.
 */
package org.stackarena.sim;
