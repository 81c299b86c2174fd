package org.stackarena.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

    static Path badDir() throws URISyntaxException {
        return Path.of(ScenarioLoaderTest.class.getResource("/bad/expected.tsv").toURI()).getParent();
    }

    static Stream<Arguments> malformed() throws IOException, URISyntaxException {
        return Files.readAllLines(badDir().resolve("expected.tsv")).stream()
            .map(l -> l.split("\t", 2))
            .map(p -> Arguments.of(p[0], p[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFilesGiveOneLineNamingFileFieldAndReason(String file, String expected) throws Exception {
        Path path = badDir().resolve(file);
        assertThatThrownBy(() -> ScenarioLoader.load(path))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> {
                InvalidInputException ex = (InvalidInputException) e;
                assertThat(ex.problems()).hasSize(1);
                String line = ex.problems().get(0).toString();
                assertThat(line).startsWith(path + ": ").contains(expected).doesNotContain("\n");
            });
    }

    @Test
    void thereAreAtLeastTenMalformedCases() throws Exception {
        assertThat(malformed().count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyProblemOfAFileIsReported() {
        String json = ScenarioLoader.resource("pick-place.json")
            .replace("\"time_limit_s\": 20.0", "\"time_limit_s\": -1.0")
            .replace("\"radius_m\": 0.06", "\"radius_m\": 5.0");
        assertThatThrownBy(() -> ScenarioLoader.parse("two.json", json))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(Problem::field)
                .containsExactly("time_limit_s", "target.radius_m"));
    }

    @Test
    void shippedScenariosCoverEveryFamilyWithParaphrases() {
        Map<String, Scenario> all = ScenarioLoader.shipped();
        assertThat(all.values()).extracting(Scenario::family).containsExactlyInAnyOrderElementsOf(Scenario.FAMILIES);
        for (Scenario s : all.values()) {
            assertThat(s.instructions()).as(s.id()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(s.robots()).as(s.id()).containsExactlyInAnyOrder("arm7", "arm6", "arm5");
            if (!s.family().equals("reach")) {
                assertThat(s.distractors()).as(s.id() + " has distractors").isNotNull();
            }
        }
    }

    @Test
    void aDirectoryOfUserScenariosLoadsAndDuplicatesAreRejected(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), ScenarioLoader.resource("reach.json"));
        assertThat(ScenarioLoader.fromPath(dir)).containsOnlyKeys("reach");
        Files.writeString(dir.resolve("b.json"), ScenarioLoader.resource("reach.json"));
        assertThatThrownBy(() -> ScenarioLoader.fromPath(dir)).hasMessageContaining("b.json: field 'id' = reach: another file");
    }

    @Test
    void conditionsLoadAndAreValidated() {
        assertThat(ConditionLoader.load("lab").perturbed()).isFalse();
        Condition field = ConditionLoader.load("field");
        assertThat(field.perturbed()).isTrue();
        assertThat(field.pixelNoise().sigma()).isPositive();
        assertThatThrownBy(() -> ConditionLoader.parse("c.json", "{\"name\":\"x\",\"pixel_noise\":{\"sigma\":900}}"))
            .hasMessage("c.json: field 'pixel_noise.sigma' = 900.0: must be between 0 and 64");
        assertThatThrownBy(() -> ConditionLoader.load("desert"))
            .hasMessageStartingWith("desert: no such condition");
        assertThat(List.of("lab", "field")).isEqualTo(ConditionLoader.SHIPPED);
    }
}
