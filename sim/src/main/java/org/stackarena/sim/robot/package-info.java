/**
 * Robot descriptors: the names and ready pose of each shipped arm, read from the JSON next to
 * its MJCF. Pure Java; used by the scene builder, the harness and stacks.
 */
package org.stackarena.sim.robot;
