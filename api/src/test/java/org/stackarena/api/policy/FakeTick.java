package org.stackarena.api.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackarena.api.ChannelKey;
import org.stackarena.api.Channels;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Phase;
import org.stackarena.api.PhaseTimer;
import org.stackarena.api.Stamped;
import org.stackarena.api.TickContext;

/** A tick context for unit tests: values set by hand, publications and phase reports recorded. */
final class FakeTick implements TickContext, Channels, PhaseTimer {
  final Map<ChannelKey<?>, Object> visible = new HashMap<>();
  final Map<ChannelKey<?>, Object> published = new HashMap<>();
  final List<Phase> phases = new ArrayList<>();
  final List<Long> phaseNanos = new ArrayList<>();
  LoopSpec loop;
  long micros;
  long index;

  FakeTick at(LoopSpec loop, long micros) {
    this.loop = loop;
    this.micros = micros;
    published.clear();
    phases.clear();
    phaseNanos.clear();
    return this;
  }

  @Override
  public LoopSpec loop() {
    return loop;
  }

  @Override
  public long timeMicros() {
    return micros;
  }

  @Override
  public long tickIndex() {
    return index++;
  }

  @Override
  public Channels channels() {
    return this;
  }

  @Override
  public PhaseTimer phases() {
    return this;
  }

  @Override
  public void record(Phase phase, long nanos) {
    phases.add(phase);
    phaseNanos.add(nanos);
  }

  @Override
  public <T> Optional<T> latest(ChannelKey<T> key) {
    if (!loop.reads().contains(key)) {
      throw new IllegalStateException("undeclared read " + key);
    }
    return Optional.ofNullable(visible.get(key)).map(key::cast);
  }

  @Override
  public <T> Optional<Stamped<T>> stamped(ChannelKey<T> key) {
    return latest(key).map(v -> new Stamped<>(v, micros, micros));
  }

  @Override
  public <T> void publish(ChannelKey<T> key, T value) {
    if (!loop.writes().contains(key)) {
      throw new IllegalStateException("undeclared write " + key);
    }
    published.put(key, value);
  }
}
