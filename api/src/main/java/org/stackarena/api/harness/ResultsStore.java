package org.stackarena.api.harness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe append-only store of episode records: {@code <dir>/episodes.jsonl}, one JSON line
 * per episode.
 *
 * <p>Each {@link #append} writes the whole line (ending in a newline) and forces it to disk
 * before returning. On {@link #open} existing lines are read; a torn last line (no trailing
 * newline, or not a valid record, as left by kill -9 in mid-write) is truncated away, so the
 * episode it belonged to counts as not finished and a resumed run runs it again. A bad line
 * <em>before</em> the last one is real corruption and makes {@code open} fail. Holds an exclusive
 * file lock while open so two runs cannot write the same file. Thread-safe.
 */
public final class ResultsStore implements RecordSink, AutoCloseable {

  /** The file name inside the run directory. */
  public static final String FILE_NAME = "episodes.jsonl";

  private static final Logger LOG = LoggerFactory.getLogger(ResultsStore.class);

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Map<EpisodeKey, EpisodeRecord> records;
  private final long truncatedBytes;
  private boolean closed;

  private ResultsStore(Path file, FileChannel channel, FileLock lock,
      Map<EpisodeKey, EpisodeRecord> records, long truncatedBytes) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.records = records;
    this.truncatedBytes = truncatedBytes;
  }

  /**
   * Opens (creating if needed) {@code dir/episodes.jsonl}, recovering from a torn last line.
   *
   * @throws IOException on I/O errors, if another process holds the file, or if a line other
   *     than the last is not a valid record (the message names the line)
   */
  public static ResultsStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(file + " is locked by another run; wait for it or use another"
            + " output directory");
      }
      byte[] bytes = Files.readAllBytes(file);
      Map<EpisodeKey, EpisodeRecord> records = new LinkedHashMap<>();
      long good = 0;
      int lineNo = 0;
      int start = 0;
      while (start < bytes.length) {
        int nl = indexOf(bytes, (byte) '\n', start);
        lineNo++;
        if (nl < 0) {
          break; // torn: no newline
        }
        String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          EpisodeRecord r;
          try {
            r = Json.parseRecord(line);
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (nl + 1 >= bytes.length) {
              break; // torn last line that happens to end in a newline
            }
            throw new IOException(file + " line " + lineNo + " is not a valid episode record ("
                + e.getOriginalMessage() + "); it is not the last line, so this is not a torn"
                + " write: repair or remove that line", e);
          }
          if (records.putIfAbsent(r.key(), r) != null) {
            LOG.warn("{} line {}: duplicate episode {}; keeping the first", file, lineNo, r.key());
          }
        }
        start = nl + 1;
        good = start;
      }
      long truncated = bytes.length - good;
      if (truncated > 0) {
        LOG.warn("{}: removing a torn last line ({} bytes) left by an interrupted run", file,
            truncated);
        ch.truncate(good);
        ch.force(true);
      }
      ch.position(good);
      return new ResultsStore(file, ch, lock, records, truncated);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static int indexOf(byte[] b, byte v, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** The {@code episodes.jsonl} path. */
  public Path file() {
    return file;
  }

  /** Bytes of torn last line removed on open (0 if the file was clean). */
  public long truncatedBytes() {
    return truncatedBytes;
  }

  /** Whether the episode is already recorded. */
  @Override
  public synchronized boolean isFinished(EpisodeKey key) {
    return records.containsKey(key);
  }

  /** Keys of all recorded episodes. */
  public synchronized Set<EpisodeKey> finished() {
    return Set.copyOf(records.keySet());
  }

  /** All recorded episodes in file order. */
  public synchronized List<EpisodeRecord> records() {
    return Collections.unmodifiableList(new ArrayList<>(records.values()));
  }

  /**
   * Appends {@code record} as one line and forces it to disk.
   *
   * @throws IllegalStateException if the episode is already recorded (never duplicate) or the
   *     store is closed
   * @throws IOException on write errors
   */
  @Override
  public synchronized void append(EpisodeRecord record) throws IOException {
    if (closed) {
      throw new IllegalStateException("results store " + file + " is closed");
    }
    if (records.containsKey(record.key())) {
      throw new IllegalStateException("episode " + record.key() + " is already in " + file);
    }
    byte[] line = (Json.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.wrap(line);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
    records.put(record.key(), record);
  }

  /** The file, for log messages. */
  @Override
  public String toString() {
    return file.toString();
  }

  /** Releases the lock and closes the file. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
