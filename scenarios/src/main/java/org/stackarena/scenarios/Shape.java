package org.stackarena.scenarios;

import java.util.Locale;

/** Shapes of graspable objects and the words instructions use for them. */
public enum Shape {
    /** a cube of edge 2 x half size */
    CUBE("cube"),
    /** an upright cylinder: radius = half size, half height = half size */
    CYLINDER("cylinder"),
    /** a rectangular block, 1.6 x longer along its local x than wide (grasp across y) */
    BLOCK("block");

    private final String word;

    Shape(String word) {
        this.word = word;
    }

    /** @return the word used in instructions */
    public String word() {
        return word;
    }

    /** @return the shape for a word, or null */
    public static Shape fromWord(String w) {
        for (Shape s : values()) {
            if (s.word.equals(w.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}
