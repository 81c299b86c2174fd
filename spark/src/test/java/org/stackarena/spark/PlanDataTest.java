package org.stackarena.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stackarena.benchmarks.bench.BenchPlan;

/** The options shipped to executors survive Java serialisation, {@code --chunking} included. */
class PlanDataTest {

    @Test
    void optionsRoundTripThroughSerialisation() throws Exception {
        BenchPlan.Options o = new BenchPlan.Options("smoke", List.of("vla"), List.of("lab"), null, List.of("reach"),
            null, "ci", List.of("system1=fixed:300ms"), null, null, null, "rtc:exp");
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
    }
}
