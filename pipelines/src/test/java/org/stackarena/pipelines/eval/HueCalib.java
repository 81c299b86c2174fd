package org.stackarena.pipelines.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.EpisodeInstance;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.CameraFrame;

/** Median rendered hue of each palette colour on objects and pads (-Dcalib=1). */
class HueCalib {
  @Test
  @EnabledIfSystemProperty(named = "calib", matches = ".+")
  void calib() throws Exception {
    Map<String, List<Double>> obj = new TreeMap<>();
    Map<String, List<Double>> pad = new TreeMap<>();
    try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get("pick-place"), "arm7",
        ConditionLoader.load("lab"), 128, 128)) {
      for (long seed = 1000; seed < 1030; seed++) {
        w.reset(seed);
        CameraFrame f = w.render("front");
        for (EpisodeInstance.PlacedObject o : w.episode().objects()) {
          sample(f, o.x(), o.y(), o.halfExtents()[2] * 2, obj.computeIfAbsent(o.color(), k -> new ArrayList<>()));
        }
        EpisodeInstance.Pad p = w.episode().pad();
        sample(f, p.x(), p.y(), 0.001, pad.computeIfAbsent(p.color(), k -> new ArrayList<>()));
      }
    }
    StringBuilder sb = new StringBuilder();
    obj.forEach((k, v) -> sb.append("obj ").append(k).append(' ').append(med(v)).append('\n'));
    pad.forEach((k, v) -> sb.append("pad ").append(k).append(' ').append(med(v)).append('\n'));
    DebugFiles.write("calib.txt", sb);
  }

  static String med(List<Double> v) {
    v.sort(null);
    return v.isEmpty() ? "-" : String.format("%.1f (p10 %.1f p90 %.1f n=%d)", v.get(v.size() / 2),
        v.get(v.size() / 10), v.get(v.size() * 9 / 10), v.size());
  }

  static void sample(CameraFrame f, double x, double y, double z, List<Double> out) {
    double[] p = f.position();
    double[] r = f.rotation();
    double dx = x - p[0], dy = y - p[1], dz = z - p[2];
    double xc = r[0] * dx + r[3] * dy + r[6] * dz;
    double yc = r[1] * dx + r[4] * dy + r[7] * dz;
    double zc = r[2] * dx + r[5] * dy + r[8] * dz;
    double d = -zc;
    int u = (int) Math.round(f.intrinsics().cx() + f.intrinsics().fx() * xc / d);
    int v = (int) Math.round(f.intrinsics().cy() - f.intrinsics().fy() * yc / d);
    for (int dv = -1; dv <= 1; dv++) {
      for (int du = -1; du <= 1; du++) {
        int uu = u + du, vv = v + dv;
        if (uu < 0 || vv < 0 || uu >= f.width() || vv >= f.height()) {
          continue;
        }
        int i = vv * f.width() + uu;
        int rr = f.rgb()[3 * i] & 0xff, g = f.rgb()[3 * i + 1] & 0xff, b = f.rgb()[3 * i + 2] & 0xff;
        int max = Math.max(rr, Math.max(g, b)), min = Math.min(rr, Math.min(g, b));
        if (max < 30 || max - min < 0.45 * max) {
          continue;
        }
        double dd = max - min;
        double h = max == rr ? ((g - b) / dd) % 6 : max == g ? (b - rr) / dd + 2 : (rr - g) / dd + 4;
        h *= 60;
        out.add(h < 0 ? h + 360 : h);
      }
    }
  }
}
