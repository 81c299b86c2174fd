package org.stackarena.pipelines.kinematics;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.stackarena.api.KinematicChain;
import org.stackarena.sim.robot.RobotDescriptor;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Forward kinematics and the geometric Jacobian of one arm's end-effector site, for any serial
 * chain of hinges and slides, as a product of exponentials over the joints' screw axes at
 * q = 0 ({@link KinematicChain}): offsets, non-spherical wrists and a mounted base need no
 * special cases. The chain comes from the compiled model ({@link #forRobot},
 * {@link #fromChain}); {@link #fromMjcf} also reads it from simple MJCF text (bodies with
 * {@code pos}/{@code quat} and one hinge at each body origin), kept as an independent check of
 * the compiled chain. Angles in radians, frames as MuJoCo's world frame.
 *
 * <p>Instances hold preallocated work arrays and are not thread-safe; {@link #forward} and
 * {@link #jacobian} allocate nothing.
 */
public final class ArmKinematics {

  private final String robot;
  private final int dof;
  // The chain as a product of exponentials: per joint its unit axis and a point on it in the world
  // at q = 0, and the ee pose at q = 0.
  private final double[] axis0;
  private final double[] point0;
  private final boolean[] prismatic;
  private final double[] eePos0;
  private final double[] eeRot0;
  private final List<String> jointNames;

  // work: joint origins and axes in the world, ee pose
  private final double[] jointOrigin;
  private final double[] jointAxis;
  private final double[] eePos = new double[3];
  private final double[] eeRot = new double[9];
  private final double[] tmpR = new double[9];
  private final double[] tmpR2 = new double[9];
  private final double[] curR = new double[9];
  private final double[] curP = new double[3];
  private final double[] a = new double[3];

  private ArmKinematics(String robot, List<String> names, KinematicChain chain) {
    this.robot = robot;
    this.dof = chain.dof();
    if (names.size() != dof) {
      throw new IllegalArgumentException(robot + ": " + names.size() + " joint names for a chain of " + dof);
    }
    this.axis0 = chain.axes();
    this.point0 = chain.points();
    this.prismatic = chain.prismatic();
    this.eePos0 = chain.eePos();
    this.eeRot0 = chain.eeRot();
    this.jointNames = List.copyOf(names);
    this.jointOrigin = new double[3 * dof];
    this.jointAxis = new double[3 * dof];
  }

  /** Kinematics of a robot known by id (shipped, or read from a descriptor file) from its compiled model. */
  public static ArmKinematics forRobot(String robotId) {
    RobotDescriptor d = RobotDescriptor.load(robotId);
    return fromChain(robotId, d.joints(), d.kinematics());
  }

  /**
   * Kinematics of any serial chain of hinges and slides from its screw axes (as a world publishes
   * them in {@link org.stackarena.api.RobotDescription#kinematics()}).
   *
   * @param robot name for messages
   * @param joints arm joint names in command order, one per chain joint
   * @param chain the chain at q = 0
   */
  public static ArmKinematics fromChain(String robot, List<String> joints, KinematicChain chain) {
    return new ArmKinematics(robot, joints, chain);
  }

  /**
   * Parses the chain to {@code site} from MJCF text.
   *
   * @param robot name for messages
   * @param mjcf the robot XML
   * @param site the end-effector site name
   * @param joints the arm joints in command order; every hinge on the chain must be one of them
   * @throws IllegalArgumentException when the site is missing or the chain uses unsupported
   *     attributes
   */
  public static ArmKinematics fromMjcf(String robot, String mjcf, String site, List<String> joints) {
    Element siteEl;
    try {
      var f = DocumentBuilderFactory.newInstance();
      var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(mjcf.getBytes(StandardCharsets.UTF_8)));
      siteEl = findSite(doc.getDocumentElement(), site);
    } catch (Exception e) {
      throw new IllegalArgumentException(robot + ": cannot parse MJCF: " + e.getMessage(), e);
    }
    if (siteEl == null) {
      throw new IllegalArgumentException(robot + ": no <site name=\"" + site + "\"> in the MJCF");
    }
    Deque<Element> chain = new ArrayDeque<>();
    for (Node n = siteEl.getParentNode(); n instanceof Element e && e.getTagName().equals("body");
        n = n.getParentNode()) {
      chain.push(e);
    }
    List<double[]> pos = new ArrayList<>();
    List<double[]> rot = new ArrayList<>();
    List<Integer> jointIdx = new ArrayList<>();
    List<double[]> axes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Element body : chain) {
      String where = robot + " body '" + body.getAttribute("name") + "'";
      for (String bad : List.of("euler", "axisangle", "xyaxes", "zaxis")) {
        if (body.hasAttribute(bad)) {
          throw new IllegalArgumentException(where + ": attribute '" + bad + "' is not supported; use quat");
        }
      }
      pos.add(vec(body.getAttribute("pos"), 3, new double[3]));
      rot.add(quatToRot(vec(body.getAttribute("quat"), 4, new double[] {1, 0, 0, 0}), new double[9]));
      int joint = -1;
      for (Node c = body.getFirstChild(); c != null; c = c.getNextSibling()) {
        if (c instanceof Element e && e.getTagName().equals("joint")) {
          if (joint >= 0) {
            throw new IllegalArgumentException(where + ": more than one joint on a chain body");
          }
          String type = e.getAttribute("type");
          if (!type.isEmpty() && !type.equals("hinge")) {
            throw new IllegalArgumentException(where + ": joint type '" + type + "' is not supported");
          }
          if (e.hasAttribute("pos") && norm(vec(e.getAttribute("pos"), 3, new double[3])) > 0) {
            throw new IllegalArgumentException(where + ": joint pos offsets are not supported");
          }
          String name = e.getAttribute("name");
          if (!joints.contains(name)) {
            throw new IllegalArgumentException(where + ": joint '" + name + "' is not an arm joint " + joints);
          }
          double[] a = vec(e.getAttribute("axis"), 3, new double[] {0, 0, 1});
          double n = norm(a);
          for (int i = 0; i < 3; i++) {
            a[i] /= n;
          }
          joint = axes.size();
          axes.add(a);
          names.add(name);
        }
      }
      jointIdx.add(joint);
    }
    if (!names.equals(joints)) {
      throw new IllegalArgumentException(robot + ": chain joints " + names + " differ from the arm joints " + joints);
    }
    double[] sp = vec(siteEl.getAttribute("pos"), 3, new double[3]);
    double[] sr = quatToRot(vec(siteEl.getAttribute("quat"), 4, new double[] {1, 0, 0, 0}), new double[9]);
    // walk the links at q = 0: joint axes and origins in the world, then the site
    double[] r = new double[9];
    double[] t = new double[9];
    double[] p = new double[3];
    identity(r);
    double[] axesW = new double[3 * axes.size()];
    double[] pointsW = new double[3 * axes.size()];
    for (int k = 0; k < pos.size(); k++) {
      double[] lp = pos.get(k);
      for (int i = 0; i < 3; i++) {
        p[i] += r[3 * i] * lp[0] + r[3 * i + 1] * lp[1] + r[3 * i + 2] * lp[2];
      }
      mul(r, rot.get(k), t);
      System.arraycopy(t, 0, r, 0, 9);
      int j = jointIdx.get(k);
      if (j >= 0) {
        double[] ax = axes.get(j);
        for (int i = 0; i < 3; i++) {
          axesW[3 * j + i] = r[3 * i] * ax[0] + r[3 * i + 1] * ax[1] + r[3 * i + 2] * ax[2];
          pointsW[3 * j + i] = p[i];
        }
      }
    }
    double[] eeP = new double[3];
    for (int i = 0; i < 3; i++) {
      eeP[i] = p[i] + r[3 * i] * sp[0] + r[3 * i + 1] * sp[1] + r[3 * i + 2] * sp[2];
    }
    double[] eeR = new double[9];
    mul(r, sr, eeR);
    return new ArmKinematics(robot, names, new KinematicChain(axesW, pointsW, new boolean[axes.size()], eeP, eeR,
        new double[axes.size()]));
  }

  private static Element findSite(Element e, String site) {
    if (e.getTagName().equals("site") && site.equals(e.getAttribute("name"))) {
      return e;
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element ce) {
        Element found = findSite(ce, site);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static double[] vec(String s, int n, double[] dflt) {
    if (s == null || s.isBlank()) {
      return dflt;
    }
    String[] parts = s.trim().split("\\s+");
    if (parts.length != n) {
      throw new IllegalArgumentException("expected " + n + " numbers, got '" + s + "'");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Double.parseDouble(parts[i]);
    }
    return out;
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /** Row-major rotation of a (w, x, y, z) quaternion (normalised first), written to {@code out}. */
  public static double[] quatToRot(double[] q, double[] out) {
    org.stackarena.api.Rotations.quaternionToMatrix(q, out);
    return out;
  }

  /** Robot name. */
  public String robot() {
    return robot;
  }

  /** Number of arm joints. */
  public int dof() {
    return dof;
  }

  /** Arm joint names in command order. */
  public List<String> jointNames() {
    return jointNames;
  }

  /**
   * Forward kinematics of the {@code ee} site. Allocates nothing.
   *
   * @param q joint angles (read)
   * @param pos site position in the base frame (written, 3 values)
   * @param rot site rotation, row-major 3x3 whose columns are the site axes (written, 9 values)
   */
  public void forward(double[] q, double[] pos, double[] rot) {
    compute(q);
    System.arraycopy(eePos, 0, pos, 0, 3);
    System.arraycopy(eeRot, 0, rot, 0, 9);
  }

  /**
   * Forward kinematics and the 6 x dof geometric Jacobian of the site (rows: linear x, y, z,
   * then angular x, y, z; row-major in {@code jac}, length {@code 6 * dof}). Allocates nothing.
   *
   * @param q joint angles (read)
   * @param pos site position (written)
   * @param rot site rotation (written)
   * @param jac Jacobian (written)
   */
  public void jacobian(double[] q, double[] pos, double[] rot, double[] jac) {
    compute(q);
    System.arraycopy(eePos, 0, pos, 0, 3);
    System.arraycopy(eeRot, 0, rot, 0, 9);
    for (int j = 0; j < dof; j++) {
      double ax = jointAxis[3 * j], ay = jointAxis[3 * j + 1], az = jointAxis[3 * j + 2];
      double rx = eePos[0] - jointOrigin[3 * j], ry = eePos[1] - jointOrigin[3 * j + 1],
          rz = eePos[2] - jointOrigin[3 * j + 2];
      if (prismatic[j]) {
        jac[j] = ax;
        jac[dof + j] = ay;
        jac[2 * dof + j] = az;
        jac[3 * dof + j] = jac[4 * dof + j] = jac[5 * dof + j] = 0;
        continue;
      }
      jac[j] = ay * rz - az * ry;
      jac[dof + j] = az * rx - ax * rz;
      jac[2 * dof + j] = ax * ry - ay * rx;
      jac[3 * dof + j] = ax;
      jac[4 * dof + j] = ay;
      jac[5 * dof + j] = az;
    }
  }

  private void compute(double[] q) {
    identity(curR);
    curP[0] = curP[1] = curP[2] = 0;
    for (int j = 0; j < dof; j++) {
      // the joint's axis and origin now: the product of the joints before it applied to its q = 0 screw
      for (int i = 0; i < 3; i++) {
        jointAxis[3 * j + i] = curR[3 * i] * axis0[3 * j] + curR[3 * i + 1] * axis0[3 * j + 1]
            + curR[3 * i + 2] * axis0[3 * j + 2];
        jointOrigin[3 * j + i] = curP[i] + curR[3 * i] * point0[3 * j] + curR[3 * i + 1] * point0[3 * j + 1]
            + curR[3 * i + 2] * point0[3 * j + 2];
      }
      a[0] = axis0[3 * j];
      a[1] = axis0[3 * j + 1];
      a[2] = axis0[3 * j + 2];
      if (prismatic[j]) {
        // exp(S q) = (I, axis q)
        for (int i = 0; i < 3; i++) {
          curP[i] += q[j] * jointAxis[3 * j + i];
        }
        continue;
      }
      // exp(S q) = (Rj, (I - Rj) p): cur = cur * exp(S q)
      axisAngle(a, q[j], tmpR2);
      for (int i = 0; i < 3; i++) {
        double ti = point0[3 * j + i] - (tmpR2[3 * i] * point0[3 * j] + tmpR2[3 * i + 1] * point0[3 * j + 1]
            + tmpR2[3 * i + 2] * point0[3 * j + 2]);
        eePos[i] = ti; // scratch
      }
      for (int i = 0; i < 3; i++) {
        curP[i] += curR[3 * i] * eePos[0] + curR[3 * i + 1] * eePos[1] + curR[3 * i + 2] * eePos[2];
      }
      mul(curR, tmpR2, tmpR);
      System.arraycopy(tmpR, 0, curR, 0, 9);
    }
    for (int i = 0; i < 3; i++) {
      eePos[i] = curP[i] + curR[3 * i] * eePos0[0] + curR[3 * i + 1] * eePos0[1] + curR[3 * i + 2] * eePos0[2];
    }
    mul(curR, eeRot0, eeRot);
  }

  private static void identity(double[] r) {
    for (int i = 0; i < 9; i++) {
      r[i] = i % 4 == 0 ? 1 : 0;
    }
  }

  /** {@code out = a * b} for row-major 3x3 matrices; {@code out} must differ from both. */
  static void mul(double[] a, double[] b, double[] out) {
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
      }
    }
  }

  /** Rodrigues rotation about unit axis {@code a} by {@code t}. */
  static void axisAngle(double[] a, double t, double[] out) {
    double c = Math.cos(t), s = Math.sin(t), v = 1 - c;
    double x = a[0], y = a[1], z = a[2];
    out[0] = c + x * x * v;
    out[1] = x * y * v - z * s;
    out[2] = x * z * v + y * s;
    out[3] = y * x * v + z * s;
    out[4] = c + y * y * v;
    out[5] = y * z * v - x * s;
    out[6] = z * x * v - y * s;
    out[7] = z * y * v + x * s;
    out[8] = c + z * z * v;
  }
}
