package org.stackarena.api.policy;

import org.stackarena.api.ActionChunk;
import org.stackarena.api.TickContext;

/**
 * The state of {@link ChunkExecution#blocking()}: when the last published chunk was published and how
 * long it runs. The chunk becomes visible one latency after its tick, which the harness reports at the
 * loop's next working tick ({@link TickContext#previousLatencyMicros}): every tick after the publishing
 * one is idle until the chunk has run out, so the first of them still sees that tick's latency. Chunks
 * are published as they are (anchored at their arrival), so each executes whole, open loop.
 */
final class BlockingExecutor implements ChunkExecution.Executor {

  private boolean pending;
  private long publishedAt;
  private long span;
  /** When the pending chunk has finished executing; unknown (MIN_VALUE) until the next tick. */
  private long doneAt = Long.MIN_VALUE;

  @Override
  public ActionChunk next(long tickMicros, ActionChunk fresh) {
    pending = true;
    publishedAt = tickMicros;
    span = fresh.steps().size() * fresh.intervalMicros();
    doneAt = Long.MIN_VALUE;
    return fresh;
  }

  @Override
  public boolean infer(TickContext tick) {
    if (!pending) {
      return true;
    }
    if (doneAt == Long.MIN_VALUE) {
      doneAt = publishedAt + Math.max(0, tick.previousLatencyMicros()) + span;
    }
    return tick.timeMicros() >= doneAt;
  }
}
