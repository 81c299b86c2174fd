package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {

  @TempDir
  Path dir;

  static EpisodeRecord record(long seed, boolean success) {
    LoopRecord loop = new LoopRecord(100, 99.5, 199, 1, "fixed:5ms",
        new Percentiles(5, 5, 5), new Percentiles(0.1, 0.2, 0.3), new PhaseMeans(0, 0.1, 0));
    return new EpisodeRecord("reach", seed, "hold-still", "lab", "", "fake-arm", success,
        success ? 1.5 : null, success ? null : "timeout", 2.0, 0.01, 200, 0, 0, 0.5, 3.0,
        Map.of("control", loop));
  }

  /**
   * Records written before {@code chunking} and {@code idle_ticks} existed read as null and 0; the
   * fields are omitted when null/0 and round-trip otherwise.
   */
  @Test
  void chunkingAndIdleTicksAreOptionalInJson() throws Exception {
    EpisodeRecord plain = record(1, true);
    String line = Json.line(plain);
    assertThat(line).doesNotContain("chunking").doesNotContain("idle_ticks");
    assertThat(Json.parseRecord(line)).isEqualTo(plain);
    assertThat(Json.parseRecord(line).chunking()).isNull();
    LoopRecord idle = new LoopRecord(10, 2, 2, 3, "fixed:250ms", new Percentiles(250, 250, 250),
        new Percentiles(0.1, 0.2, 0.3), new PhaseMeans(0, 0.1, 0), 21);
    EpisodeRecord blocking = new EpisodeRecord("reach", 2, "vla", "lab", "", "fake-arm", false, null,
        "timeout", 2.0, 0.01, 200, 0, 0, 0.5, 3.0, Map.of("act", idle), "blocking");
    String l2 = Json.line(blocking);
    assertThat(l2).contains("\"chunking\":\"blocking\"").contains("\"idle_ticks\":21");
    assertThat(Json.parseRecord(l2)).isEqualTo(blocking);
  }

  private Path file() {
    return dir.resolve(ResultsStore.FILE_NAME);
  }

  @Test
  void appendedRecordsAreThereAfterReopening() throws IOException {
    try (ResultsStore s = ResultsStore.open(dir)) {
      s.append(record(1, true));
      s.append(record(2, false));
    }
    try (ResultsStore s = ResultsStore.open(dir)) {
      assertThat(s.truncatedBytes()).isZero();
      assertThat(s.records()).containsExactly(record(1, true), record(2, false));
      assertThat(s.isFinished(record(2, false).key())).isTrue();
      assertThat(s.isFinished(record(3, false).key())).isFalse();
    }
    assertThat(Files.readAllLines(file())).hasSize(2);
  }

  @Test
  void aTornLastLineIsTruncatedAwayAndTheEpisodeCanBeWrittenAgain() throws IOException {
    try (ResultsStore s = ResultsStore.open(dir)) {
      s.append(record(1, true));
      s.append(record(2, true));
    }
    String third = Json.line(record(3, false));
    Files.writeString(file(), third.substring(0, third.length() / 2), StandardOpenOption.APPEND);
    try (ResultsStore s = ResultsStore.open(dir)) {
      assertThat(s.truncatedBytes()).isEqualTo(third.length() / 2);
      assertThat(s.finished()).containsExactlyInAnyOrder(record(1, true).key(),
          record(2, true).key());
      s.append(record(3, false));
    }
    List<String> lines = Files.readAllLines(file());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).isEqualTo(third);
    assertThat(Files.readString(file())).endsWith("\n");
  }

  @Test
  void anUnparseableLastLineEndingInANewlineIsAlsoTreatedAsTorn() throws IOException {
    try (ResultsStore s = ResultsStore.open(dir)) {
      s.append(record(1, true));
    }
    Files.writeString(file(), "{\"scenario\":\"re\n", StandardOpenOption.APPEND);
    try (ResultsStore s = ResultsStore.open(dir)) {
      assertThat(s.records()).containsExactly(record(1, true));
      assertThat(s.truncatedBytes()).isPositive();
    }
  }

  @Test
  void aBadLineInTheMiddleIsCorruptionAndNamesTheLine() throws IOException {
    String good = Json.line(record(1, true));
    Files.writeString(file(), good + "\nnot json\n" + Json.line(record(2, true)) + "\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ResultsStore.open(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("line 2").hasMessageContaining("not the last line");
  }

  @Test
  void anEpisodeIsNeverAppendedTwice() throws IOException {
    try (ResultsStore s = ResultsStore.open(dir)) {
      s.append(record(1, true));
      assertThatThrownBy(() -> s.append(record(1, false)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already in");
    }
    assertThat(Files.readAllLines(file())).hasSize(1);
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefusedWhileTheFirstIsOpen() throws IOException {
    try (ResultsStore s = ResultsStore.open(dir)) {
      assertThatThrownBy(() -> ResultsStore.open(dir)).isInstanceOf(IOException.class)
          .hasMessageContaining("locked by another run");
    }
  }

  @Test
  void concurrentAppendsWriteWholeLines() throws Exception {
    try (ResultsStore s = ResultsStore.open(dir)) {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int base = w * 100;
        threads.add(new Thread(() -> {
          for (int i = 0; i < 25; i++) {
            try {
              s.append(record(base + i, i % 2 == 0));
            } catch (IOException e) {
              throw new RuntimeException(e);
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
    }
    try (ResultsStore s = ResultsStore.open(dir)) {
      assertThat(s.records()).hasSize(100);
      assertThat(s.truncatedBytes()).isZero();
    }
  }
}
