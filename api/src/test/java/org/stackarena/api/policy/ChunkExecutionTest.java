package org.stackarena.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Action;
import org.stackarena.api.ActionChunk;

class ChunkExecutionTest {

  @Test
  void parseAndToStringRoundTrip() {
    for (String s : List.of("replace", "ensemble:1.0s", "ensemble:0.5s")) {
      assertThat(ChunkExecution.parse(s).toString()).isEqualTo(s);
      assertThat(ChunkExecution.parse(ChunkExecution.parse(s).toString())).isEqualTo(ChunkExecution.parse(s));
    }
    assertThat(ChunkExecution.parse("ensemble:500ms")).isEqualTo(ChunkExecution.ensemble(0.5));
    assertThat(ChunkExecution.parse(" Replace ")).isSameAs(ChunkExecution.replace());
  }

  @Test
  void badFormsSayWhatIsWrongAndListTheValidForms() {
    assertThatThrownBy(() -> ChunkExecution.parse("average")).hasMessageContaining("unknown kind 'average'")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble")).hasMessageContaining("needs a window")
        .hasMessageContaining(ChunkExecution.FORMS);
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble:1")).hasMessageContaining("needs a unit");
    assertThatThrownBy(() -> ChunkExecution.parse("ensemble:0s")).hasMessageContaining("positive");
    assertThatThrownBy(() -> ChunkExecution.parse("replace:1s")).hasMessageContaining("takes no value");
  }

  @Test
  void replaceReturnsTheFreshChunkItself() {
    ActionChunk c = new ActionChunk(List.of(new Action(new double[] {1}, 0)), 0.1);
    assertThat(ChunkExecution.replace().newExecutor().next(0, c)).isSameAs(c);
  }

  @Test
  void ensembleInterpolatesOlderChunksBetweenTheirSteps() {
    ChunkExecution.Executor e = ChunkExecution.ensemble(1.0).newExecutor();
    e.next(0, chunk(0, 10, 20));                       // step k at t = k * 100 ms
    ActionChunk out = e.next(50_000, chunk(100, 100, 100));
    // at t = 50 ms the first chunk is halfway between 0 and 10
    assertThat(out.steps().get(0).values()[0]).isEqualTo((5 + 100) / 2.0);
    // at t = 150 ms: 15 and 100
    assertThat(out.steps().get(1).values()[0]).isEqualTo((15 + 100) / 2.0);
    // at t = 250 ms the first chunk has run out (its last step is at 200 ms)
    assertThat(out.steps().get(2).values()[0]).isEqualTo(100);
  }

  private static ActionChunk chunk(double... values) {
    return new ActionChunk(java.util.Arrays.stream(values).mapToObj(v -> new Action(new double[] {v}, 0)).toList(),
        0.1);
  }
}
