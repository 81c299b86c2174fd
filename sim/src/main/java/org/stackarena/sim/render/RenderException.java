package org.stackarena.sim.render;

/** Rendering could not be set up or a frame could not be produced (no OpenGL, bad size, ...). */
public class RenderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the model where there is one */
    public RenderException(String message) {
        super(message);
    }
}
