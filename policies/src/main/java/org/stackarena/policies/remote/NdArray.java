package org.stackarena.policies.remote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A NumPy-style n-dimensional array as it travels in a message: raw bytes in C order, a NumPy
 * dtype string and a shape.
 *
 * <p>Supported dtypes: {@code |u1}, {@code |i1}, {@code |b1} and, in either byte order
 * ({@code <} little, {@code >} big), {@code f4}, {@code f8}, {@code i2}, {@code i4}, {@code i8},
 * {@code u2}, {@code u4}. The constructor does not copy {@code data}; do not modify it afterwards.
 *
 * @param dtype NumPy dtype string, e.g. {@code "<f4"} or {@code "|u1"}
 * @param shape dimensions, each >= 0 (empty for a scalar)
 * @param data {@code product(shape) * itemSize} bytes in C (row-major) order
 */
public record NdArray(String dtype, int[] shape, byte[] data) {

  /** NumPy's float32 dtype string (little-endian). */
  public static final String FLOAT32 = "<f4";
  /** NumPy's uint8 dtype string. */
  public static final String UINT8 = "|u1";

  /** Validates dtype, shape and data length; copies the shape. */
  public NdArray {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    int item = itemSize(dtype);
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("ndarray shape " + Arrays.toString(shape)
            + " has a negative dimension");
      }
      n *= d;
    }
    if (n * item != data.length) {
      throw new IllegalArgumentException("ndarray of dtype " + dtype + " and shape "
          + Arrays.toString(shape) + " needs " + n * item + " bytes, got " + data.length);
    }
    shape = shape.clone();
  }

  /** A float32 array of {@code values} with the given shape (the values are copied). */
  public static NdArray ofFloat32(float[] values, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new NdArray(FLOAT32, shape, b.array());
  }

  /** A uint8 array over {@code bytes} with the given shape (not copied). */
  public static NdArray ofUint8(byte[] bytes, int... shape) {
    return new NdArray(UINT8, shape, bytes);
  }

  /** Number of elements. */
  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Dimension {@code i}. */
  public int dim(int i) {
    return shape[i];
  }

  /**
   * The elements as doubles in C order, whatever the numeric dtype.
   *
   * @throws IllegalArgumentException for a dtype this class cannot read
   */
  public double[] toDoubles() {
    int n = size();
    double[] out = new double[n];
    char order = dtype.charAt(0);
    ByteBuffer b = ByteBuffer.wrap(data).order(order == '>' ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN);
    String kind = dtype.substring(dtype.length() - 2);
    for (int i = 0; i < n; i++) {
      out[i] = switch (kind) {
        case "f4" -> b.getFloat(i * 4);
        case "f8" -> b.getDouble(i * 8);
        case "i1" -> data[i];
        case "u1", "b1" -> data[i] & 0xff;
        case "i2" -> b.getShort(i * 2);
        case "u2" -> b.getShort(i * 2) & 0xffff;
        case "i4" -> b.getInt(i * 4);
        case "u4" -> b.getInt(i * 4) & 0xffffffffL;
        case "i8" -> b.getLong(i * 8);
        default -> throw new IllegalArgumentException("cannot read dtype " + dtype);
      };
    }
    return out;
  }

  /** The element size in bytes of a supported dtype string. */
  static int itemSize(String dtype) {
    if (!dtype.matches("[<>|=]?(f4|f8|i1|u1|b1|i2|u2|i4|u4|i8)")) {
      throw new IllegalArgumentException("unsupported ndarray dtype '" + dtype
          + "' (supported: |u1, |i1, |b1, <f4, <f8, <i2, <u2, <i4, <u4, <i8 and their > forms)");
    }
    return dtype.charAt(dtype.length() - 1) - '0';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NdArray a && dtype.equals(a.dtype) && Arrays.equals(shape, a.shape)
        && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "NdArray(" + dtype + ", " + Arrays.toString(shape) + ")";
  }
}
