package org.stackarena.api;

/** What a stack may publish on {@link Commands#ACTION}: one action or a timed chunk. */
public sealed interface ActionCommand permits Action, ActionChunk {
}
