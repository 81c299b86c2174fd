package org.stackarena.pipelines.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the measurement runs write their text output: {@code target/debug/} of this module, found
 * from the compiled test classes ({@code target/test-classes}), so the output never lands in the
 * working directory whichever runner (Surefire, an IDE, {@code java -cp}) starts them; the system
 * temporary directory when the classes are not in a Maven {@code target/}.
 */
final class DebugFiles {

  private DebugFiles() {}

  /** The directory the runs write into (created). */
  static Path dir() {
    Path base;
    try {
      Path classes = Path.of(DebugFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      base = classes.getParent() != null && classes.getParent().getFileName() != null
          && classes.getParent().getFileName().toString().equals("target")
          ? classes.getParent() : Path.of(System.getProperty("java.io.tmpdir"), "stackarena");
    } catch (URISyntaxException | RuntimeException e) {
      base = Path.of(System.getProperty("java.io.tmpdir"), "stackarena");
    }
    Path dir = base.resolve("debug");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} to {@code name} in {@link #dir()}, replacing it; returns the path. */
  static Path write(String name, CharSequence text) {
    Path file = dir().resolve(name);
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
