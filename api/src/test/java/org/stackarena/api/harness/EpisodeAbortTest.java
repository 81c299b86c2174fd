package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stackarena.api.EpisodeAbort;

class EpisodeAbortTest {

    @Test
    void anAbortIsRecordedWithItsOwnReason() {
        StackException e = new StackException("planner", 1_500_000, new EpisodeAbort("instruction_not_understood", "no verb"));
        assertThat(e.failureReason()).isEqualTo("instruction_not_understood");
        StackException other = new StackException("planner", 1_500_000, new IllegalStateException("boom"));
        assertThat(other.failureReason()).startsWith("stack_exception: boom");
    }

    @Test
    void reasonsAreSnakeCaseWords() {
        assertThatThrownBy(() -> new EpisodeAbort("Not Understood", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
