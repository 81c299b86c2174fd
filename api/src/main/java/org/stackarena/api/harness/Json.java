package org.stackarena.api.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON conventions of results files: snake_case names, unknown fields are errors.
 */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private Json() {
  }

  /** The shared, thread-safe mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** One record as a single JSON line (no trailing newline). */
  public static String line(EpisodeRecord record) {
    try {
      return MAPPER.writeValueAsString(record);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one line of {@code episodes.jsonl}. */
  public static EpisodeRecord parseRecord(String line)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    return MAPPER.readValue(line, EpisodeRecord.class);
  }

  /**
   * The record's JSON with every field whose name contains {@code wall} removed, at any depth
   * (loop names under {@code loops} are kept whatever they are called): what must be identical
   * between two runs of the same deterministic episode.
   */
  public static String withoutWallClock(EpisodeRecord record) {
    JsonNode tree = MAPPER.valueToTree(record);
    strip(tree, false);
    return tree.toString();
  }

  private static void strip(JsonNode node, boolean keysAreNames) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!keysAreNames && e.getKey().contains("wall")) {
          it.remove();
        } else {
          strip(e.getValue(), !keysAreNames && e.getKey().equals("loops"));
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(n -> strip(n, false));
    }
  }
}
