package org.stackarena.scenarios;

import java.util.Optional;
import org.stackarena.api.GroundTruth;
import org.stackarena.api.TaskFamily;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;

/**
 * The {@link GroundTruth} of a {@link ScenarioWorld}: the current episode's facts and the named
 * object's and support's poses read from the simulation when asked. Handed only to privileged
 * providers ({@link org.stackarena.api.harness.World#stackContext(boolean)}).
 */
final class ScenarioGroundTruth implements GroundTruth {

  private final ScenarioWorld world;
  private final double[] pos = new double[3];
  private final double[] quat = new double[4];

  ScenarioGroundTruth(ScenarioWorld world) {
    this.world = world;
  }

  @Override
  public TaskFamily family() {
    return TaskFamily.of(world.episode().family());
  }

  @Override
  public ObjectState object() {
    return state(world.episode().object());
  }

  @Override
  public Optional<ObjectState> support() {
    EpisodeInstance.PlacedObject s = world.episode().support();
    return s == null ? Optional.empty() : Optional.of(state(s));
  }

  @Override
  public Optional<Target> target() {
    EpisodeInstance.Pad p = world.episode().pad();
    return p == null ? Optional.empty() : Optional.of(new Target(p.color(), p.x(), p.y()));
  }

  private ObjectState state(EpisodeInstance.PlacedObject o) {
    Simulation sim = world.simulation();
    int body = sim.id(ObjType.BODY, o.bodyName());
    sim.readBodyPos(body, pos);
    sim.readBodyQuat(body, quat);
    double w = quat[0], x = quat[1], y = quat[2], z = quat[3];
    double yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
    return new ObjectState(o.color(), o.shape().word(), o.halfExtents(), pos[0], pos[1], pos[2], yaw);
  }
}
