package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.LoopRole;
import org.stackarena.api.LoopSpec;

class DeploymentProfileTest {

  @Test
  void everyShippedProfileParsesAndCitesASourceForEveryEntry() {
    for (String name : DeploymentProfile.SHIPPED) {
      DeploymentProfile p = DeploymentProfile.load(name);
      assertThat(p.name()).isEqualTo(name);
      assertThat(p.description()).isNotBlank();
      p.roles().forEach((role, t) -> assertThat(t.source()).as(name + " " + role).isNotBlank());
      assertThat(p.fallback()).as(name + " times every role").isNotNull();
      assertThat(p.fallback().source()).isNotBlank();
    }
  }

  @Test
  void thisMachineMeasuresEveryLoopAndIdealChargesNothing() {
    for (LoopRole role : LoopRole.values()) {
      LoopSpec loop = LoopSpec.builder("l", 50).optRole(role).optLatency(LatencyModel.fixed(7)).build();
      assertThat(DeploymentProfile.load("this-machine").apply(loop).latency()).isEqualTo(LatencyModel.measured());
      assertThat(DeploymentProfile.load("ideal").apply(loop).latency()).isEqualTo(LatencyModel.none());
      assertThat(DeploymentProfile.load("ideal").apply(loop).rateHz()).isEqualTo(50.0);
    }
  }

  @Test
  void aDeclaredModelSizeScalesTheReferenceFigureAndAnUndeclaredLoopIsTimedAsTheReference() {
    DeploymentProfile gpu = DeploymentProfile.load("workstation-gpu");
    LoopSpec undeclared = LoopSpec.builder("system2", 5).optRole(LoopRole.SYSTEM2).build();
    assertThat(gpu.apply(undeclared).latency()).isEqualTo(LatencyModel.fixed(73));
    LoopSpec sevenB = LoopSpec.builder("system2", 5).optRole(LoopRole.SYSTEM2).optModelParams(6_600_000_000L).build();
    assertThat(gpu.apply(sevenB).latency()).isEqualTo(LatencyModel.fixed(146));
    LoopSpec tiny = LoopSpec.builder("system2", 5).optRole(LoopRole.SYSTEM2).optModelParams(300_000).build();
    assertThat(gpu.apply(tiny).latency()).as("never below min_latency").isEqualTo(LatencyModel.fixed(4));
    LoopSpec perception = LoopSpec.builder("perception", 20).optRole(LoopRole.PERCEPTION).build();
    assertThat(gpu.apply(perception).rateHz()).as("camera frame rate").isEqualTo(30.0);
    assertThat(gpu.apply(perception).latency()).isEqualTo(LatencyModel.fixed(30));
  }

  @Test
  void aNormalLatencyScalesItsSpreadWithItsMean() {
    DeploymentProfile p = DeploymentProfile.parse("p.json", """
        {"name": "p", "roles": {"remote": {"latency": "normal:100ms,10ms", "reference_params": 1e9}}}""");
    LoopSpec half = LoopSpec.builder("remote", 5).optRole(LoopRole.REMOTE).optModelParams(500_000_000L).build();
    assertThat(p.apply(half).latency()).isEqualTo(LatencyModel.normal(50, 5));
    LoopSpec other = LoopSpec.builder("x", 5).optLatency(LatencyModel.fixed(3)).build();
    assertThat(p.apply(other)).as("no entry and no default: as declared").isSameAs(other);
  }

  @Test
  void anUnknownNameOrMissingFileIsOneLine() {
    assertThatThrownBy(() -> DeploymentProfile.load("gpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gpu: no such profile (shipped: this-machine, ideal, workstation-gpu, edge-orin; or give a "
            + "profile file)");
  }

  @Test
  void aProfileFileLoadsByPath(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("lab.json");
    Files.writeString(f, "{\"name\": \"lab\", \"roles\": {\"control\": {\"latency\": \"fixed:2ms\", \"rate_hz\": 1000}}}");
    DeploymentProfile p = DeploymentProfile.load(f.toString());
    assertThat(p.name()).isEqualTo("lab");
    assertThat(p.describe()).containsEntry("control", "fixed:2ms @ 1000 Hz");
  }

  @Test
  void badProfilesGiveOneLineNamingFileAndField() throws IOException {
    String table = resource("expected.tsv");
    int checked = 0;
    for (String line : table.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", 2);
      assertThatThrownBy(() -> DeploymentProfile.parse(cols[0], resource(cols[0])))
          .as(cols[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(cols[1])
          .hasMessageNotContaining("\n");
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DeploymentProfileTest.class.getResourceAsStream("/profiles/bad/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
