package org.stackarena.api;

import java.util.Objects;

/**
 * The name and Java type of a latest-value channel.
 *
 * <p>Two keys are the same channel when both name and type are equal. A name must not be
 * reused with a different type within one episode (the harness rejects it).
 *
 * @param name channel name, non-blank (e.g. {@code "camera/front"}, {@code "s2/latent"})
 * @param type the Java type of values on this channel
 * @param <T> value type
 */
public record ChannelKey<T>(String name, Class<T> type) {

  /** Validates the name and type. */
  public ChannelKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("channel name must not be blank");
    }
  }

  /** Shorthand for {@code new ChannelKey<>(name, type)}. */
  public static <T> ChannelKey<T> of(String name, Class<T> type) {
    return new ChannelKey<>(name, type);
  }

  /**
   * Casts a value to this channel's type.
   *
   * @throws ClassCastException naming the channel if the value has the wrong type
   */
  public T cast(Object value) {
    if (!type.isInstance(value)) {
      throw new ClassCastException("channel '" + name + "' carries " + type.getName()
          + " but got " + (value == null ? "null" : value.getClass().getName()));
    }
    return type.cast(value);
  }

  @Override
  public String toString() {
    return name + ":" + type.getSimpleName();
  }
}
