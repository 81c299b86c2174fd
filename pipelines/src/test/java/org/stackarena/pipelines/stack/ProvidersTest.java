package org.stackarena.pipelines.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.stackarena.api.StackProvider;

class ProvidersTest {
  @Test
  void expertAndClassicalAreFoundByName() throws Exception {
    assertThat(StackProvider.named("expert").privileged()).isTrue();
    assertThat(StackProvider.named("classical").privileged()).isFalse();
    assertThat(StackProvider.named("classical").create(null).name()).isEqualTo("classical");
  }
}
