/**
 * Minimum-jerk (quintic) trajectory segments in Cartesian space: position plus yaw about z.
 * Pure maths; depends on nothing but the JDK.
 */
package org.stackarena.pipelines.trajectory;
