package com.example.hellostack;

import java.util.Locale;
import org.stackarena.api.CameraFrame;
import org.stackarena.api.EpisodeAbort;

/**
 * The example's whole perception: the colour the instruction names, and where the pixels of that
 * colour are in 3-D (back-projected with the frame's depth, intrinsics and camera pose). Shared by
 * the hand-written stack ({@link BlobReachStack}) and the policy ({@link HelloPolicy}).
 */
final class BlobLocator {

    /** Palette colours and their hues in degrees (StackArena's object colours). */
    private static final String[] COLOURS = {"red", "orange", "yellow", "green", "cyan", "blue", "purple"};
    private static final double[] HUES = {0, 28, 53, 130, 184, 226, 281};

    private BlobLocator() {}

    /**
     * The hue (degrees) of the first palette colour named in {@code instruction}.
     *
     * @throws EpisodeAbort {@code instruction_not_understood} when it names none
     */
    static double hue(String instruction) {
        String text = instruction.toLowerCase(Locale.ROOT);
        for (int i = 0; i < COLOURS.length; i++) {
            if (text.matches(".*\\b" + COLOURS[i] + "\\b.*")) {
                return HUES[i];
            }
        }
        throw new EpisodeAbort("instruction_not_understood", "no colour in \"" + instruction + "\"");
    }

    /** The mean world position of the pixels of hue {@code hue} in {@code f}, or null if fewer than 3. */
    static double[] locate(CameraFrame f, double hue) {
        double sx = 0, sy = 0, sz = 0;
        int n = 0;
        double[] r = f.rotation();
        for (int v = 0; v < f.height(); v++) {
            for (int u = 0; u < f.width(); u++) {
                int i = v * f.width() + u;
                float depth = f.depth()[i];
                if (depth <= 0 || !matches(f.rgb(), 3 * i, hue)) {
                    continue;
                }
                // pinhole back-projection; the camera looks along its -z with +y up
                double xc = (u - f.intrinsics().cx()) * depth / f.intrinsics().fx();
                double yc = -(v - f.intrinsics().cy()) * depth / f.intrinsics().fy();
                double zc = -depth;
                sx += f.position()[0] + r[0] * xc + r[1] * yc + r[2] * zc;
                sy += f.position()[1] + r[3] * xc + r[4] * yc + r[5] * zc;
                sz += f.position()[2] + r[6] * xc + r[7] * yc + r[8] * zc;
                n++;
            }
        }
        return n < 3 ? null : new double[] {sx / n, sy / n, sz / n};
    }

    private static boolean matches(byte[] rgb, int k, double hue) {
        double r = (rgb[k] & 0xff) / 255.0, g = (rgb[k + 1] & 0xff) / 255.0, b = (rgb[k + 2] & 0xff) / 255.0;
        double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        if (max < 0.2 || (max - min) / max < 0.5) {
            return false; // dark or grey: table, robot, shadows
        }
        double h;
        if (max == r) {
            h = 60 * (((g - b) / (max - min)) % 6);
        } else if (max == g) {
            h = 60 * ((b - r) / (max - min) + 2);
        } else {
            h = 60 * ((r - g) / (max - min) + 4);
        }
        h = (h + 360) % 360;
        double diff = Math.abs(h - hue);
        return Math.min(diff, 360 - diff) < 12;
    }
}
