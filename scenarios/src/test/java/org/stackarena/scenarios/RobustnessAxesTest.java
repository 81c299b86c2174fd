package org.stackarena.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RobustnessAxesTest {

    /** What each shipped axis may change in a realised episode, and nothing else. */
    private static final Map<String, Set<String>> CHANGES = Map.of(
        "lighting", Set.of("light"),
        "camera-jitter", Set.of("camera jitter"),
        "pixel-noise", Set.of("pixel noise"),
        "depth-noise", Set.of("depth noise"),
        "friction", Set.of("friction"),
        "mass", Set.of("mass"),
        "distractors", Set.of("objects added"),
        "pushes", Set.of("pushes"),
        "positions", Set.of("named object position"),
        "paraphrases", Set.of("instruction"));

    static Stream<Arguments> levels() {
        List<Arguments> out = new ArrayList<>();
        for (RobustnessAxes.Axis a : RobustnessAxes.shipped().axes()) {
            for (RobustnessAxes.Level l : a.levels()) {
                for (String scenario : List.of("reach", "pick-place", "stack")) {
                    out.add(Arguments.of(a.name(), l.condition(), scenario));
                }
            }
        }
        return out.stream();
    }

    @Test
    void everyShippedAxisHasItsGradedLevelsAsNamedConditions() {
        RobustnessAxes axes = RobustnessAxes.shipped();
        assertThat(axes.axes()).extracting(RobustnessAxes.Axis::name).containsExactlyInAnyOrderElementsOf(CHANGES.keySet());
        for (RobustnessAxes.Axis a : axes.axes()) {
            assertThat(a.levels()).hasSize(a.name().equals("paraphrases") ? 1 : 3);
            for (RobustnessAxes.Level l : a.levels()) {
                assertThat(l.condition()).isEqualTo(a.name() + "-" + l.index());
                Condition c = ConditionLoader.load(l.condition());
                assertThat(c.name()).isEqualTo(l.condition());
                assertThat(c.perturbed()).isTrue();
            }
            // graded: the intensities move away from the nominal value monotonically
            double[] d = a.levels().stream().mapToDouble(l -> Math.abs(l.intensity() - a.nominal())).toArray();
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            assertThat(d).containsExactly(sorted);
        }
        assertThat(Suite.load("robustness").allConditions()).hasSize(1 + 9 * 3 + 1).startsWith("lab");
    }

    @ParameterizedTest(name = "{1} on {2}")
    @MethodSource("levels")
    void eachAxisChangesOnlyWhatItNames(String axis, String condition, String scenarioId) {
        Scenario s = ScenarioLoader.shipped().get(scenarioId);
        Condition lab = ConditionLoader.load("lab");
        Condition c = ConditionLoader.load(condition);
        Set<String> changed = new TreeSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            changed.addAll(differences(Realiser.realise(s, "arm7", seed, lab), Realiser.realise(s, "arm7", seed, c)));
        }
        assertThat(changed).as(condition + " on " + scenarioId).isEqualTo(CHANGES.get(axis));
    }

    @Test
    void objectsBeyondTheRangeSitOutsideItByTheLevelsDistance() {
        Scenario s = ScenarioLoader.shipped().get("pick-place");
        int moved = 0;
        for (long seed = 1; seed <= 20; seed++) {
            EpisodeInstance e = Realiser.realise(s, "arm7", seed, ConditionLoader.load("positions-2"));
            EpisodeInstance.PlacedObject o = e.object();
            double outX = Math.max(s.object().xM().get(0) - o.x(), o.x() - s.object().xM().get(1));
            double outY = Math.max(s.object().yM().get(0) - o.y(), o.y() - s.object().yM().get(1));
            double out = Math.max(outX, outY);
            if (out > 0) {
                moved++;
                assertThat(out).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(moved).isGreaterThanOrEqualTo(18);
    }

    @Test
    void anUnknownAxisIsOneLineListingTheKnownOnes() {
        assertThatThrownBy(() -> RobustnessAxes.shipped().conditionNames(List.of("fog"), "--axes"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("--axes").hasMessageContaining("fog").hasMessageContaining("lighting");
    }

    @Test
    void aBadAxesFileNamesTheFieldOfTheLevel() {
        String json = "{\"description\": \"x\", \"axes\": [{\"name\": \"glare\", \"kind\": \"perturbation\","
            + " \"unit\": \"u\", \"nominal\": 1.0, \"description\": \"d\", \"levels\": [{\"intensity\": 2.0,"
            + " \"condition\": {\"lighting\": {\"intensity_scale\": [9.0, 9.0], \"tint\": 0.0}}}]}]}";
        assertThatThrownBy(() -> RobustnessAxes.parse("my-axes.json", json))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> {
                List<Problem> p = ((InvalidInputException) e).problems();
                assertThat(p).hasSize(1);
                assertThat(p.get(0).toString()).startsWith("my-axes.json axes[0].levels[0].condition: field "
                    + "'lighting.intensity_scale'").doesNotContain("\n");
            });
    }

    /** The aspects in which two realisations of one seed differ. */
    static Set<String> differences(EpisodeInstance a, EpisodeInstance b) {
        Set<String> d = new TreeSet<>();
        if (a.lightScale() != b.lightScale() || !Arrays.equals(a.lightTint(), b.lightTint())) {
            d.add("light");
        }
        EpisodeInstance.Sensing sa = a.sensing();
        EpisodeInstance.Sensing sb = b.sensing();
        if (sa.jitterPosM() != sb.jitterPosM() || sa.jitterRotDeg() != sb.jitterRotDeg()) {
            d.add("camera jitter");
        }
        if (sa.pixelSigma() != sb.pixelSigma()) {
            d.add("pixel noise");
        }
        if (sa.depthSigmaM() != sb.depthSigmaM() || sa.depthDropout() != sb.depthDropout()) {
            d.add("depth noise");
        }
        if (!a.pushes().equals(b.pushes())) {
            d.add("pushes");
        }
        if (!a.instruction().equals(b.instruction())) {
            d.add("instruction");
        }
        if (!java.util.Objects.equals(a.pad(), b.pad())) {
            d.add("pad");
        }
        if (b.objects().size() != a.objects().size()) {
            d.add("objects added");
        }
        for (int i = 0; i < Math.min(a.objects().size(), b.objects().size()); i++) {
            EpisodeInstance.PlacedObject x = a.objects().get(i);
            EpisodeInstance.PlacedObject y = b.objects().get(i);
            if (x.friction() != y.friction()) {
                d.add("friction");
            }
            if (x.massKg() != y.massKg()) {
                d.add("mass");
            }
            if (x.x() != y.x() || x.y() != y.y()) {
                d.add(x.role() == EpisodeInstance.Role.OBJECT ? "named object position" : "other object position");
            }
            if (!x.id().equals(y.id()) || x.shape() != y.shape() || !x.color().equals(y.color())
                || !Arrays.equals(x.halfExtents(), y.halfExtents()) || x.yawRad() != y.yawRad()) {
                d.add("object identity");
            }
        }
        return d;
    }
}
