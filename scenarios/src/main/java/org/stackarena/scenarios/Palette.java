package org.stackarena.scenarios;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The named colours scenario files may use for objects and target pads. They are far apart in
 * hue so that colour segmentation in a lighting-robust space (hue/chroma) can tell them apart,
 * and none is close to the table (tan) or floor (grey). The same values as the models README.
 */
public final class Palette {

    private static final Map<String, float[]> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("red", new float[] {0.85f, 0.15f, 0.15f});
        COLOURS.put("orange", new float[] {0.95f, 0.50f, 0.10f});
        COLOURS.put("yellow", new float[] {0.95f, 0.85f, 0.10f});
        COLOURS.put("green", new float[] {0.15f, 0.70f, 0.25f});
        COLOURS.put("cyan", new float[] {0.10f, 0.80f, 0.85f});
        COLOURS.put("blue", new float[] {0.15f, 0.30f, 0.90f});
        COLOURS.put("purple", new float[] {0.60f, 0.25f, 0.80f});
    }

    private Palette() {}

    /** @return the colour names, in hue order */
    public static Set<String> names() {
        return COLOURS.keySet();
    }

    /** @return true when {@code name} is a palette colour */
    public static boolean contains(String name) {
        return COLOURS.containsKey(name);
    }

    /** @return a copy of the colour's linear RGB in [0, 1] */
    public static float[] rgb(String name) {
        float[] c = COLOURS.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no colour '" + name + "' in the palette " + names());
        }
        return c.clone();
    }
}
