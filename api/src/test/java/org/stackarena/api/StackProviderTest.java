package org.stackarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StackProviderTest {

    @Test
    void referenceStacksAreFoundByName() throws Exception {
        assertThat(StackProvider.all()).extracting(StackProvider::name).contains("hold-still", "random");
        try (ControlStack s = StackProvider.named("hold-still").create(null)) {
            assertThat(s).isInstanceOf(HoldStillStack.class);
        }
        assertThatThrownBy(() -> StackProvider.named("nope")).hasMessageStartingWith("no stack named 'nope' (known: ");
    }
}
