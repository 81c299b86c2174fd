package org.stackarena.benchmarks.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.stackarena.sim.render.RgbdImage;

/** Writes rendered frames as PNG files (with the JDK's ImageIO). */
final class Images {

    private Images() {}

    /** Writes the RGB part of a frame. */
    static void writePng(RgbdImage frame, Path file) throws IOException {
        ImageIO.write(toImage(frame), "png", file.toFile());
    }

    /** @return the frame's RGB as a BufferedImage, row 0 at the top */
    static BufferedImage toImage(RgbdImage frame) {
        int w = frame.width();
        int h = frame.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] rgb = frame.rgb();
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                int i = 3 * (v * w + u);
                img.setRGB(u, v, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | rgb[i + 2] & 0xff);
            }
        }
        return img;
    }
}
