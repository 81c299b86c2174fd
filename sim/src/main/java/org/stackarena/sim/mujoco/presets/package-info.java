/**
 * JavaCPP presets from which the MuJoCo bindings ({@code org.stackarena.sim.mujoco.global.mujoco})
 * are generated at build time against Debian's libmujoco-dev. Used by {@code sim} only.
 */
package org.stackarena.sim.mujoco.presets;
