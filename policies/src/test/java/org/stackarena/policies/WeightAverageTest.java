package org.stackarena.policies;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The moving average of System 1's weights: warm-up, averaging, copy back; System 2 untouched. */
class WeightAverageTest {

    @Test
    void averagesSystem1WeightsAndWritesThemBack() {
        try (VlaPolicy p = VlaPolicy.create(TestPolicies.tinySpec(), 5)) {
            Parameter s1 = null, s2 = null;
            for (Pair<String, Parameter> e : p.net().getParameters()) {
                if (s1 == null && BcTrainer.isSystem1(e.getKey())) {
                    s1 = e.getValue();
                } else if (s2 == null && !BcTrainer.isSystem1(e.getKey())) {
                    s2 = e.getValue();
                }
            }
            float w0 = s1.getArray().toFloatArray()[0];
            float v0 = s2.getArray().toFloatArray()[0];
            try (WeightAverage avg = new WeightAverage(p.net(), BcTrainer::isSystem1, 0.999)) {
                // the first update's decay is 2/11, not 0.999: a short run is not pulled back to its start
                assertThat(avg.nextDecay()).isCloseTo(2.0 / 11, Offset.offset(1e-12));
                s1.getArray().addi(1f);
                s2.getArray().addi(1f);
                double d = avg.nextDecay();
                avg.update();
                avg.copyIntoWeights();
                assertThat((double) s1.getArray().toFloatArray()[0]).isCloseTo(d * w0 + (1 - d) * (w0 + 1), Offset.offset(1e-5));
                assertThat(s2.getArray().toFloatArray()[0]).isEqualTo(v0 + 1f);
            }
        }
    }
}
