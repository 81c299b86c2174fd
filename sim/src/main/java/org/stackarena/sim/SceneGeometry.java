package org.stackarena.sim;

import static org.stackarena.sim.mujoco.global.mujoco.mjGEOM_BOX;
import static org.stackarena.sim.mujoco.global.mujoco.mjGEOM_CAPSULE;
import static org.stackarena.sim.mujoco.global.mujoco.mjGEOM_CYLINDER;
import static org.stackarena.sim.mujoco.global.mujoco.mjGEOM_ELLIPSOID;
import static org.stackarena.sim.mujoco.global.mujoco.mjGEOM_PLANE;
import static org.stackarena.sim.mujoco.global.mujoco.mjGEOM_SPHERE;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.stackarena.sim.mujoco.global.mujoco.mjModel;

/**
 * What a viewer needs to draw a model without MuJoCo: its visible primitive geoms (type, size,
 * colour, pose in their body's frame) and its bodies, marked moving or static. With the bodies'
 * world poses over time ({@link Simulation#readBodyPos}, {@link Simulation#readBodyQuat}) this
 * redraws an episode, e.g. in a browser with three.js.
 *
 * <p>Visible means geom group 0-2 (MuJoCo's viewer default) and alpha above 0. Mesh and height
 * field geoms are left out (the shipped robots and scenes use primitives only).
 *
 * @param bodies body names in index order ({@code body<i>} for unnamed ones; 0 is the world)
 * @param moving per body: whether it can move (is not welded to the world)
 * @param geoms the visible primitive geoms
 */
public record SceneGeometry(List<String> bodies, List<Boolean> moving, List<Geom> geoms) {

  /**
   * One geom.
   *
   * @param name its name ("" when unnamed)
   * @param type {@code plane}, {@code sphere}, {@code capsule}, {@code ellipsoid},
   *     {@code cylinder} or {@code box}
   * @param size MuJoCo's three size parameters (half sizes, radius and half length, ...)
   * @param rgba colour, 0..1 (the material's when it has one)
   * @param body index of its body in {@link #bodies()}
   * @param pos position in its body's frame
   * @param quat orientation in its body's frame (w, x, y, z)
   */
  public record Geom(String name, String type, double[] size, float[] rgba, int body, double[] pos,
      double[] quat) {

    /** Validates. */
    public Geom {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (size.length != 3 || rgba.length != 4 || pos.length != 3 || quat.length != 4) {
        throw new IllegalArgumentException("geom '" + name + "': size 3, rgba 4, pos 3, quat 4 values");
      }
    }
  }

  /** Validates and copies. */
  public SceneGeometry {
    bodies = List.copyOf(bodies);
    moving = List.copyOf(moving);
    geoms = List.copyOf(geoms);
    if (bodies.size() != moving.size()) {
      throw new IllegalArgumentException("one moving flag per body");
    }
  }

  /** Reads the geometry of {@code sim}'s model. */
  public static SceneGeometry of(Simulation sim) {
    mjModel m = sim.nativeModel();
    int nbody = m.nbody();
    List<String> bodies = new ArrayList<>(nbody);
    List<Boolean> moving = new ArrayList<>(nbody);
    IntPointer weld = m.body_weldid();
    for (int b = 0; b < nbody; b++) {
      String n = sim.nameOf(Simulation.ObjType.BODY, b);
      bodies.add(n.isEmpty() ? (b == 0 ? "world" : "body" + b) : n);
      moving.add(weld.get(b) != 0);
    }
    IntPointer type = m.geom_type();
    IntPointer bodyId = m.geom_bodyid();
    IntPointer group = m.geom_group();
    IntPointer matId = m.geom_matid();
    DoublePointer size = m.geom_size();
    DoublePointer pos = m.geom_pos();
    DoublePointer quat = m.geom_quat();
    FloatPointer rgba = m.geom_rgba();
    FloatPointer matRgba = m.mat_rgba();
    List<Geom> geoms = new ArrayList<>();
    for (int g = 0; g < m.ngeom(); g++) {
      String kind = typeName(type.get(g));
      if (kind == null || group.get(g) > 2) {
        continue;
      }
      float[] c = new float[4];
      int mat = matId.get(g);
      for (int i = 0; i < 4; i++) {
        c[i] = mat >= 0 ? matRgba.get(4L * mat + i) : rgba.get(4L * g + i);
      }
      if (c[3] <= 0) {
        continue;
      }
      double[] s = new double[3];
      double[] p = new double[3];
      double[] q = new double[4];
      for (int i = 0; i < 3; i++) {
        s[i] = size.get(3L * g + i);
        p[i] = pos.get(3L * g + i);
      }
      for (int i = 0; i < 4; i++) {
        q[i] = quat.get(4L * g + i);
      }
      geoms.add(new Geom(sim.nameOf(Simulation.ObjType.GEOM, g), kind, s, c, bodyId.get(g), p, q));
    }
    return new SceneGeometry(bodies, moving, geoms);
  }

  private static String typeName(int t) {
    if (t == mjGEOM_PLANE) {
      return "plane";
    } else if (t == mjGEOM_SPHERE) {
      return "sphere";
    } else if (t == mjGEOM_CAPSULE) {
      return "capsule";
    } else if (t == mjGEOM_ELLIPSOID) {
      return "ellipsoid";
    } else if (t == mjGEOM_CYLINDER) {
      return "cylinder";
    } else if (t == mjGEOM_BOX) {
      return "box";
    }
    return null;
  }
}
