package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stackarena.api.HoldStillStack;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.TickContext;

/** A loop's own counters ({@link TickContext#count}) reach the episode record and its JSON line. */
class LoopCountersTest {

    /** Hold-still that counts its ticks and, every third tick, an event of 5. */
    static final class CountingStack implements org.stackarena.api.ControlStack {
        private final HoldStillStack hold = new HoldStillStack(50);

        @Override
        public String name() {
            return hold.name();
        }

        @Override
        public java.util.List<org.stackarena.api.LoopSpec> loops() {
            return hold.loops();
        }

        @Override
        public void reset(org.stackarena.api.EpisodeContext context) {
            hold.reset(context);
        }

        @Override
        public org.stackarena.api.ActionSpace actionSpace() {
            return hold.actionSpace();
        }

        @Override
        public void tick(String loop, TickContext context) {
            context.count("ticks_seen", 1);
            if (context.tickIndex() % 3 == 0) {
                context.count("every_third", 5);
            }
            hold.tick(loop, context);
        }

        @Override
        public void close() {
            hold.close();
        }
    }

    @Test
    void countersAreSummedPerLoopAndWrittenOnlyWhenPresent() throws Exception {
        EpisodeSpec spec = EpisodeSpec.of("unit", "fake-arm", 1, "lab", "hold-still")
            .withVariant("", Map.of("*", LatencyModel.none()));
        EpisodeRecord counted;
        try (FakeArmWorld w = FakeArmWorld.builder().optTimeLimit(1).build(); CountingStack s = new CountingStack()) {
            counted = new EpisodeRunner().run(spec, w, s);
        }
        LoopRecord loop = counted.loops().get("hold");
        assertThat(loop.counters()).containsOnlyKeys("every_third", "ticks_seen");
        assertThat(loop.counters().get("ticks_seen")).isEqualTo(loop.ticks());
        assertThat(loop.counters().get("every_third")).isEqualTo(5 * ((loop.ticks() + 2) / 3));
        String line = Json.line(counted);
        assertThat(line).contains("\"counters\":{\"every_third\":");
        assertThat(Json.parseRecord(line).loops().get("hold").counters()).isEqualTo(loop.counters());

        EpisodeRecord plain;
        try (FakeArmWorld w = FakeArmWorld.builder().optTimeLimit(1).build(); HoldStillStack s = new HoldStillStack(50)) {
            plain = new EpisodeRunner().run(spec, w, s);
        }
        assertThat(plain.loops().get("hold").counters()).isEmpty();
        assertThat(Json.line(plain)).doesNotContain("counters");
    }
}
