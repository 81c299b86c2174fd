package org.stackarena.pipelines.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stackarena.scenarios.ConditionLoader;
import org.stackarena.scenarios.ScenarioLoader;
import org.stackarena.scenarios.ScenarioWorld;
import org.stackarena.api.CameraFrame;

/** Hue histogram of saturated pixels of one rendered front frame (-Dhue.family, -Dhue.seed). */
class HueDump {
  @Test
  @EnabledIfSystemProperty(named = "hue.family", matches = ".+")
  void dump() throws Exception {
    try (ScenarioWorld w = new ScenarioWorld(ScenarioLoader.shipped().get(System.getProperty("hue.family")), "arm7",
        ConditionLoader.load("lab"), 128, 128)) {
      w.reset(Long.parseLong(System.getProperty("hue.seed")));
      StringBuilder sb = new StringBuilder(w.episode().objects() + " " + w.episode().pad() + "\n");
      for (String cam : new String[] {"front", "wrist"}) {
        CameraFrame f = w.render(cam);
        int[] hist = new int[36];
        int[] satHist = new int[10];
        for (int i = 0; i < f.width() * f.height(); i++) {
          int r = f.rgb()[3 * i] & 0xff, g = f.rgb()[3 * i + 1] & 0xff, b = f.rgb()[3 * i + 2] & 0xff;
          int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
          if (max == 0) {
            continue;
          }
          double s = (max - min) / (double) max;
          satHist[Math.min(9, (int) (s * 10))]++;
          if (s < 0.45 || max < 30) {
            continue;
          }
          double d = max - min;
          double h = max == r ? ((g - b) / d) % 6 : max == g ? (b - r) / d + 2 : (r - g) / d + 4;
          h *= 60;
          if (h < 0) {
            h += 360;
          }
          hist[(int) (h / 10) % 36]++;
        }
        sb.append(cam).append(" hue10: ").append(java.util.Arrays.toString(hist)).append("\n sat: ")
            .append(java.util.Arrays.toString(satHist)).append('\n');
      }
      DebugFiles.write("hue.txt", sb);
    }
  }
}
