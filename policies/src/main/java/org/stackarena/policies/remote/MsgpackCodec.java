package org.stackarena.policies.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * MessagePack encoding of protocol messages, compatible with openpi's {@code msgpack_numpy}.
 *
 * <p>Encodable values: {@code null}, {@link Boolean}, {@link Integer}/{@link Long}/{@link Short}/
 * {@link Byte} (msgpack int), {@link Float}/{@link Double} (msgpack float32/float64),
 * {@link String}, {@code byte[]} (msgpack bin), {@link NdArray} (the map
 * {@code {"__ndarray__": true, "data": bin, "dtype": str, "shape": [ints]}} whose four keys are
 * written as msgpack bin, as Python {@code bytes} keys are by openpi), {@link Map} with
 * string keys and {@link List}. Decoding gives the same types back ({@link Long} for every
 * integer, {@link Double} for every float, {@link LinkedHashMap} and {@link ArrayList}) with
 * ndarray maps turned into {@link NdArray}; binary map keys (older Python packers) decode as
 * UTF-8 strings.
 *
 * <p>An instance reuses its output buffer between {@link #encode} calls, so it is not
 * thread-safe; use one per connection.
 */
public final class MsgpackCodec {

  /** Marker key of an encoded ndarray. */
  public static final String NDARRAY = "__ndarray__";
  /**
   * Marker key of a NumPy scalar ({@code {"__npgeneric__": true, "data": <value>, "dtype": str}}, as
   * openpi's {@code msgpack_numpy} packs {@code np.float32(0.5)} and the like): decoded as its value.
   */
  public static final String NPGENERIC = "__npgeneric__";

  private static final byte[] KEY_NDARRAY = NDARRAY.getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_DATA = "data".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_DTYPE = "dtype".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_SHAPE = "shape".getBytes(StandardCharsets.UTF_8);

  private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();

  /**
   * Encodes {@code message} into a new byte array.
   *
   * @throws IllegalArgumentException naming the key path of a value that cannot be encoded
   */
  public byte[] encode(Map<String, ?> message) {
    packer.clear();
    try {
      packValue(packer, message, "$");
      return packer.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("msgpack encoding failed: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one message whose top level must be a map.
   *
   * @throws IllegalArgumentException if the payload is not a msgpack map, is truncated, has
   *     trailing bytes or holds a malformed ndarray
   */
  public static Map<String, Object> decode(ByteBuffer payload) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(payload)) {
      if (!u.hasNext() || u.getNextFormat().getValueType() != ValueType.MAP) {
        throw new IllegalArgumentException("message is not a msgpack map");
      }
      Object v = unpackValue(u, "$");
      if (u.hasNext()) {
        throw new IllegalArgumentException("message has trailing bytes after the top-level map");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) v;
      return map;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed msgpack message: " + e, e);
    }
  }

  /** Decodes one message from a byte array; see {@link #decode(ByteBuffer)}. */
  public static Map<String, Object> decode(byte[] payload) {
    return decode(ByteBuffer.wrap(payload));
  }

  private static void packValue(MessagePacker p, Object v, String path) throws IOException {
    if (v == null) {
      p.packNil();
    } else if (v instanceof Boolean b) {
      p.packBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      p.packLong(((Number) v).longValue());
    } else if (v instanceof Float f) {
      p.packFloat(f);
    } else if (v instanceof Double d) {
      p.packDouble(d);
    } else if (v instanceof String s) {
      p.packString(s);
    } else if (v instanceof byte[] bytes) {
      p.packBinaryHeader(bytes.length);
      p.writePayload(bytes);
    } else if (v instanceof NdArray a) {
      // Keys as bin, as openpi's msgpack_numpy writes them (Python bytes keys) and looks them up.
      p.packMapHeader(4);
      packBinKey(p, KEY_NDARRAY);
      p.packBoolean(true);
      packBinKey(p, KEY_DATA);
      p.packBinaryHeader(a.data().length);
      p.writePayload(a.data());
      packBinKey(p, KEY_DTYPE);
      p.packString(a.dtype());
      packBinKey(p, KEY_SHAPE);
      p.packArrayHeader(a.rank());
      for (int i = 0; i < a.rank(); i++) {
        p.packInt(a.dim(i));
      }
    } else if (v instanceof Map<?, ?> m) {
      p.packMapHeader(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("map key " + e.getKey() + " at " + path
              + " is not a string");
        }
        p.packString(k);
        packValue(p, e.getValue(), path + "." + k);
      }
    } else if (v instanceof List<?> list) {
      p.packArrayHeader(list.size());
      for (int i = 0; i < list.size(); i++) {
        packValue(p, list.get(i), path + "[" + i + "]");
      }
    } else {
      throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " at " + path
          + " (use Boolean, Integer, Long, Float, Double, String, byte[], NdArray, Map or List)");
    }
  }

  private static void packBinKey(MessagePacker p, byte[] key) throws IOException {
    p.packBinaryHeader(key.length);
    p.writePayload(key);
  }

  private static Object unpackValue(MessageUnpacker u, String path) throws IOException {
    ValueType t = u.getNextFormat().getValueType();
    switch (t) {
      case NIL:
        u.unpackNil();
        return null;
      case BOOLEAN:
        return u.unpackBoolean();
      case INTEGER:
        return u.unpackLong();
      case FLOAT:
        return u.unpackDouble();
      case STRING:
        return u.unpackString();
      case BINARY:
        return u.readPayload(u.unpackBinaryHeader());
      case ARRAY: {
        int n = u.unpackArrayHeader();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(unpackValue(u, path + "[" + i + "]"));
        }
        return out;
      }
      case MAP: {
        int n = u.unpackMapHeader();
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
          String key = unpackKey(u, path);
          out.put(key, unpackValue(u, path + "." + key));
        }
        if (Boolean.TRUE.equals(out.get(NPGENERIC))) {
          return out.get("data"); // a NumPy scalar: openpi's msgpack_numpy sends its Python value
        }
        return Boolean.TRUE.equals(out.get(NDARRAY)) ? toNdArray(out, path) : out;
      }
      default:
        throw new IllegalArgumentException("unsupported msgpack type " + t + " at " + path);
    }
  }

  private static String unpackKey(MessageUnpacker u, String path) throws IOException {
    ValueType t = u.getNextFormat().getValueType();
    if (t == ValueType.STRING) {
      return u.unpackString();
    }
    if (t == ValueType.BINARY) {
      return new String(u.readPayload(u.unpackBinaryHeader()), StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("map key at " + path + " is a " + t + ", not a string");
  }

  private static NdArray toNdArray(Map<String, Object> m, String path) {
    Object data = m.get("data");
    Object dtype = m.get("dtype");
    Object shape = m.get("shape");
    if (!(data instanceof byte[] bytes) || !(dtype instanceof String dt)
        || !(shape instanceof List<?> dims)) {
      throw new IllegalArgumentException("ndarray at " + path
          + " needs data (bin), dtype (str) and shape (array of ints), got keys " + m.keySet());
    }
    int[] s = new int[dims.size()];
    for (int i = 0; i < s.length; i++) {
      if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("ndarray at " + path + ": bad shape " + dims);
      }
      s[i] = (int) (long) d;
    }
    try {
      return new NdArray(dt, s, bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ndarray at " + path + ": " + e.getMessage(), e);
    }
  }
}
