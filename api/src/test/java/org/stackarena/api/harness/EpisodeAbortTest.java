package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stackarena.api.EpisodeAbort;

class EpisodeAbortTest {

    @Test
    void anAbortIsRecordedWithItsOwnReason() {
        StackException e = new StackException("planner", 1_500_000, new EpisodeAbort("instruction_not_understood", "no verb"));
        assertThat(e.failureReason()).isEqualTo("instruction_not_understood: no verb");
        StackException bare = new StackException("planner", 0, new EpisodeAbort("instruction_not_understood", null));
        assertThat(bare.failureReason()).isEqualTo("instruction_not_understood");
        StackException other = new StackException("planner", 1_500_000, new IllegalStateException("boom"));
        assertThat(other.failureReason()).startsWith("stack_exception: boom");
    }

    @Test
    void aMultiLineDetailBecomesOneBoundedLine() {
        StackException e = new StackException("remote", 0,
            new EpisodeAbort("remote_error", "first line\n\n  second line  \n" + "x".repeat(1000)));
        String reason = e.failureReason();
        assertThat(reason).startsWith("remote_error: first line | second line | xxx").doesNotContain("\n")
            .endsWith("...");
        assertThat(reason).hasSize("remote_error: ".length() + StackException.MAX_DETAIL);
    }

    @Test
    void reasonsAreSnakeCaseWords() {
        assertThatThrownBy(() -> new EpisodeAbort("Not Understood", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
