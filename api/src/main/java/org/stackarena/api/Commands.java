package org.stackarena.api;

/** The channel on which a stack hands its output to the harness. */
public final class Commands {

  /**
   * The action channel. The harness applies the newest visible {@link Action} or
   * {@link ActionChunk} published here, every physics step.
   */
  public static final ChannelKey<ActionCommand> ACTION = ChannelKey.of("action", ActionCommand.class);

  private Commands() {
  }
}
