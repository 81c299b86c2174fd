package org.stackarena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.benchmarks.bench.BenchPlan;

/** The options shipped to executors survive Java serialisation: chunking, profile, rates and physics step included. */
class PlanDataTest {

    @Test
    void optionsRoundTripThroughSerialisation() throws Exception {
        BenchPlan.Options o = new BenchPlan.Options("smoke", List.of("vla"), List.of("lab"), null, List.of("reach"),
            null, "ci", 0.001, "edge-orin", List.of("system1=fixed:300ms"), List.of("control=1000"), null, null, null,
            "rtc:exp", List.of("url=ws://gpu-box:8000", "chunk_interval_s=0.05"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(PlanData.of(o));
        }
        PlanData back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (PlanData) in.readObject();
        }
        assertThat(back.options()).isEqualTo(o);
        assertThat(back.options().chunking()).isEqualTo("rtc:exp");
        assertThat(back.options().profile()).isEqualTo("edge-orin");
        assertThat(back.options().rates()).containsExactly("control=1000");
        assertThat(back.options().physicsDt()).isEqualTo(0.001);
        assertThat(back.options().remote()).containsExactly("url=ws://gpu-box:8000", "chunk_interval_s=0.05");
    }
}
