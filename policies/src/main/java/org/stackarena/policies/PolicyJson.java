package org.stackarena.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.TreeSet;

/**
 * Strict binding of policy files to nested records: snake_case fields, unknown fields rejected,
 * numbers not coerced from strings, and every problem turned into one {@link CheckpointException}
 * line naming the file and the full field path ({@code policy.json: field model.attention_heds:
 * unknown field (allowed: ...)}). Records validate themselves in their compact constructors by
 * throwing {@link FieldException}, which names the field relative to the record being built.
 */
public final class PolicyJson {

  /** The mapper: strict on read, indented on write, fields in record order. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private PolicyJson() {}

  /**
   * A validation failure of one field, thrown from a record's compact constructor.
   */
  public static final class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the field's JSON name relative to the record being built (e.g. {@code chunk_size})
     * @param problem what is wrong, e.g. "must be a positive integer, got 0"
     */
    public FieldException(String field, String problem) {
      super(field + ": " + problem);
      this.field = field;
    }

    /** The field's JSON name relative to the record being built. */
    public String field() {
      return field;
    }

    /** What is wrong. */
    public String problem() {
      return getMessage().substring(field.length() + 2);
    }
  }

  /**
   * Reads {@code text} as a {@code type}.
   *
   * @param file the file name used in messages
   * @throws CheckpointException one line naming the file and field
   */
  public static <T> T read(String file, String text, Class<T> type) {
    try {
      T v = MAPPER.readValue(text, type);
      if (v == null) {
        throw new CheckpointException(file + ": empty document (expected a JSON object)");
      }
      return v;
    } catch (JsonMappingException e) {
      throw new CheckpointException(file + ": " + describe(e));
    } catch (JsonProcessingException e) {
      throw new CheckpointException(file + ": not valid JSON (" + firstLine(e.getOriginalMessage()) + " at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }
  }

  /**
   * The canonical form of a {@code chunk_execution} field ({@link org.stackarena.api.policy.ChunkExecution#parse}),
   * null for null.
   *
   * @throws FieldException naming {@code chunk_execution} for a bad value
   */
  public static String chunkExecution(String value) {
    if (value == null) {
      return null;
    }
    try {
      return org.stackarena.api.policy.ChunkExecution.parse(value).toString();
    } catch (IllegalArgumentException e) {
      throw new FieldException("chunk_execution", e.getMessage());
    }
  }

  /** Serialises a record to indented JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line for a binding failure: "field a.b[2].c: problem". */
  static String describe(JsonMappingException e) {
    String path = path(e.getPath());
    if (e instanceof UnrecognizedPropertyException u) {
      TreeSet<String> known = new TreeSet<>();
      if (u.getKnownPropertyIds() != null) {
        u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      }
      return "field " + path + ": unknown field (allowed: " + String.join(", ", known) + ")";
    }
    if (e instanceof ValueInstantiationException && e.getCause() instanceof FieldException f) {
      return "field " + join(path, f.field()) + ": " + f.problem();
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return (path.isEmpty() ? "" : "field " + path + ": ") + firstLine(e.getCause().getMessage());
    }
    if (e instanceof InvalidFormatException f) {
      return "field " + path + ": must be " + expected(f.getTargetType()) + ", got " + f.getValue();
    }
    if (e instanceof MismatchedInputException m) {
      String msg = firstLine(m.getOriginalMessage());
      if (msg.startsWith("Missing required creator property")) {
        int a = msg.indexOf('\''), b = msg.indexOf('\'', a + 1);
        String name = a >= 0 && b > a ? msg.substring(a + 1, b) : "?";
        return "field " + join(path, name) + " is missing";
      }
      if (m.getTargetType() != null) {
        return "field " + path + ": must be " + expected(m.getTargetType());
      }
      return "field " + path + ": " + msg;
    }
    return (path.isEmpty() ? "" : "field " + path + ": ") + firstLine(e.getOriginalMessage());
  }

  private static String expected(Class<?> t) {
    if (t == null) {
      return "of another type";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "an integer";
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t.isArray() || List.class.isAssignableFrom(t)) {
      return "an array";
    }
    return "an object";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").trim();
  }
}
