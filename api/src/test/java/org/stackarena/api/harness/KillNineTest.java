package org.stackarena.api.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM that appends records as fast as it can, then checks the store
 * reopens with whole, unique records and accepts new ones.
 */
class KillNineTest {

  @TempDir
  Path dir;

  /** Child process: appends records with increasing seeds until killed. */
  public static void main(String[] args) throws IOException {
    try (ResultsStore store = ResultsStore.open(Path.of(args[0]))) {
      for (long seed = 0; ; seed++) {
        store.append(ResultsStoreTest.record(seed, seed % 3 == 0));
      }
    }
  }

  @Test
  void aRunKilledMidWriteLosesAndDuplicatesNothing() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KillNineTest.class.getName(),
        dir.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path file = dir.resolve(ResultsStore.FILE_NAME);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline
        && (!Files.exists(file) || Files.size(file) < 50_000)) {
      Thread.sleep(10);
    }
    child.destroyForcibly(); // SIGKILL on Linux
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.size(file)).isGreaterThanOrEqualTo(50_000);

    try (ResultsStore store = ResultsStore.open(dir)) {
      List<EpisodeRecord> records = store.records();
      Set<Long> seeds = new HashSet<>();
      for (EpisodeRecord r : records) {
        assertThat(seeds.add(r.seed())).isTrue();
      }
      // seeds are 0..n-1 with no gap: nothing finished was lost
      assertThat(seeds).hasSize(records.size());
      assertThat(records.get(records.size() - 1).seed()).isEqualTo(records.size() - 1);
      store.append(ResultsStoreTest.record(records.size(), true));
    }
    try (ResultsStore store = ResultsStore.open(dir)) {
      assertThat(store.truncatedBytes()).isZero();
      assertThat(Files.readAllLines(file)).hasSize(store.records().size());
    }
  }
}
