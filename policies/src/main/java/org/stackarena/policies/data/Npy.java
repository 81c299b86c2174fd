package org.stackarena.policies.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal NumPy {@code .npy} (format 1.0) reader/writer for little-endian float32 ({@code <f4})
 * and uint8 ({@code |u1}) C-order arrays: {@code numpy.load(file)} reads what this writes.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** An array read from a file: {@code floats} or {@code bytes} is set, by dtype. */
    public record Array(String dtype, int[] shape, float[] floats, byte[] bytes) {
        /** Number of elements. */
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private Npy() {}

    /** Writes float32 data with the given shape. */
    public static void writeFloats(Path file, float[] data, int... shape) throws IOException {
        check(data.length, shape, file);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        write(file, "<f4", shape, b.array());
    }

    /** Writes uint8 data with the given shape. */
    public static void writeBytes(Path file, byte[] data, int... shape) throws IOException {
        check(data.length, shape, file);
        write(file, "|u1", shape, data);
    }

    private static void check(int n, int[] shape, Path file) {
        long m = 1;
        for (int d : shape) {
            m *= d;
        }
        if (m != n) {
            throw new IllegalArgumentException(file + ": " + n + " values do not fill shape " + Arrays.toString(shape));
        }
    }

    private static void write(Path file, String descr, int[] shape, byte[] body) throws IOException {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        s.append("), }");
        int total = MAGIC.length + 4 + s.length() + 1;
        int pad = (64 - total % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] header = s.toString().getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (header.length & 0xff), (byte) (header.length >> 8)});
            out.write(header);
            out.write(body);
        }
    }

    /** Reads a {@code <f4} or {@code |u1} array. */
    public static Array read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(
            new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = in.readNBytes(6);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a .npy file");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            int len = major == 1 ? (in.readUnsignedByte() | in.readUnsignedByte() << 8)
                : Integer.reverseBytes(in.readInt());
            String header = new String(in.readNBytes(len), StandardCharsets.US_ASCII);
            Matcher d = DESCR.matcher(header);
            Matcher sh = SHAPE.matcher(header);
            if (!d.find() || !sh.find() || header.contains("'fortran_order': True")) {
                throw new IOException(file + ": unsupported .npy header " + header.trim());
            }
            String[] parts = sh.group(1).split(",");
            int[] shape = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
            int n = 1;
            for (int x : shape) {
                n *= x;
            }
            switch (d.group(1)) {
                case "<f4" -> {
                    byte[] body = in.readNBytes(n * 4);
                    if (body.length != n * 4) {
                        throw new IOException(file + ": truncated data");
                    }
                    float[] f = new float[n];
                    ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                    return new Array("<f4", shape, f, null);
                }
                case "|u1", "<u1" -> {
                    byte[] body = in.readNBytes(n);
                    if (body.length != n) {
                        throw new IOException(file + ": truncated data");
                    }
                    return new Array("|u1", shape, null, body);
                }
                default -> throw new IOException(file + ": unsupported dtype " + d.group(1));
            }
        }
    }
}
