package org.stackarena.policies.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MP4 encoding, concatenation, decoding and probing through the {@code ffmpeg}/{@code ffprobe}
 * executables (Debian's package; the {@code stackarena} launcher installs it). Frames travel as raw
 * RGB24 through pipes, top row first.
 */
public final class Ffmpeg {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffmpeg() {}

    /** What ffprobe says about a file's first video stream. */
    public record Probe(String codec, String pixFmt, int width, int height, double fps, int frames) {}

    /**
     * Encodes {@code count} RGB frames ({@code frames}: count x height x width x 3 bytes) at {@code fps}
     * into {@code out}, every frame timed at index / fps.
     */
    public static void encode(byte[] frames, int count, int width, int height, double fps, VideoCodec codec, Path out)
        throws IOException {
        if ((long) count * width * height * 3 != frames.length) {
            throw new IllegalArgumentException("frames: " + frames.length + " bytes is not " + count + " x " + height
                + " x " + width + " x 3");
        }
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "rawvideo",
            "-pix_fmt", "rgb24", "-s", width + "x" + height, "-r", rate(fps), "-i", "pipe:0",
            "-c:v", codec.encoder(), "-pix_fmt", codec.pixFmt()));
        cmd.addAll(codec.options());
        // one key frame per episode segment (segments are at most a few hundred frames)
        cmd.addAll(List.of("-g", Integer.toString(Math.max(1, count)), "-an", "-f", "mp4", out.toString()));
        Process p = start(cmd);
        try (OutputStream in = p.getOutputStream()) {
            in.write(frames);
        } catch (IOException e) {
            // ffmpeg exited early; its message follows
        }
        finish(p, cmd, out);
    }

    /** Joins MP4 files of the same encoding into {@code out} without re-encoding (timestamps run on). */
    public static void concat(List<Path> parts, Path out) throws IOException {
        Path list = out.resolveSibling(out.getFileName() + ".parts.txt");
        StringBuilder sb = new StringBuilder();
        for (Path p : parts) {
            sb.append("file '").append(p.toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
        }
        Files.writeString(list, sb.toString(), StandardCharsets.UTF_8);
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0",
            "-i", list.toString(), "-c", "copy", "-f", "mp4", out.toString());
        try {
            finish(start(cmd), cmd, out);
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** Receives decoded frames in order. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param index frame index in the file (presentation order)
         * @param rgb the frame, RGB24, top row first (reused between calls: copy what you keep)
         * @return whether more frames are wanted
         */
        boolean frame(int index, byte[] rgb) throws IOException;
    }

    /**
     * Decodes {@code file} to RGB24 at {@code width} x {@code height} and hands each frame to {@code sink}
     * as it comes, so a long file never sits in memory whole.
     *
     * @return the number of frames handed over
     */
    public static int decode(Path file, int width, int height, FrameSink sink) throws IOException {
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:v:0",
            "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x" + height, "pipe:1");
        Process p = start(cmd);
        p.getOutputStream().close();
        byte[] frame = new byte[width * height * 3];
        int n = 0;
        boolean stopped = false;
        try (InputStream s = p.getInputStream()) {
            while (s.readNBytes(frame, 0, frame.length) == frame.length) {
                if (!sink.frame(n++, frame)) {
                    stopped = true;
                    break;
                }
            }
        }
        if (stopped) {
            p.destroy();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n;
        }
        finish(p, cmd, file);
        return n;
    }

    /** Decodes every frame of {@code file} into one array (frames x height x width x 3). */
    public static byte[] decodeAll(Path file, int width, int height) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        decode(file, width, height, (i, rgb) -> {
            out.write(rgb);
            return true;
        });
        return out.toByteArray();
    }

    /** Codec, pixel format, size, frame rate and frame count of the first video stream. */
    public static Probe probe(Path file) throws IOException {
        List<String> cmd = List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
            "-show_entries", "stream=codec_name,pix_fmt,width,height,avg_frame_rate,r_frame_rate,nb_read_packets",
            "-of", "json", file.toString());
        JsonNode s = JSON.readTree(run(cmd, file)).path("streams").path(0);
        if (s.isMissingNode()) {
            throw new IOException(file + ": no video stream");
        }
        return new Probe(s.path("codec_name").asText(), s.path("pix_fmt").asText(), s.path("width").asInt(),
            s.path("height").asInt(), ratio(s.path("r_frame_rate").asText("0/1")), s.path("nb_read_packets").asInt());
    }

    /** Presentation times (s) of every frame, in order. */
    public static double[] frameTimes(Path file) throws IOException {
        List<String> cmd = List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
            "packet=pts_time", "-of", "json", file.toString());
        JsonNode ps = JSON.readTree(run(cmd, file)).path("packets");
        double[] t = new double[ps.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = ps.get(i).path("pts_time").asDouble();
        }
        java.util.Arrays.sort(t);
        return t;
    }

    /** Whether ffmpeg and ffprobe can be run. */
    public static boolean available() {
        try {
            run(List.of("ffmpeg", "-version"), null);
            run(List.of("ffprobe", "-version"), null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String rate(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }

    private static double ratio(String r) {
        String[] p = r.split("/");
        double d = p.length == 2 ? Double.parseDouble(p[1]) : 1;
        return d == 0 ? 0 : Double.parseDouble(p[0]) / d;
    }

    private static Process start(List<String> cmd) throws IOException {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(ProcessBuilder.Redirect.PIPE);
            return pb.start();
        } catch (IOException e) {
            throw new IOException(cmd.get(0) + " not found on PATH: install Debian's ffmpeg package "
                + "(./stackarena installs it)", e);
        }
    }

    private static String run(List<String> cmd, Path file) throws IOException {
        Process p = start(cmd);
        p.getOutputStream().close();
        String out;
        try (InputStream s = p.getInputStream()) {
            out = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
        finish(p, cmd, file);
        return out;
    }

    private static void finish(Process p, List<String> cmd, Path file) throws IOException {
        String err;
        try (InputStream e = p.getErrorStream()) {
            err = new String(e.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException((file == null ? "" : file + ": ") + cmd.get(0) + " failed (exit " + rc + "): "
                    + (err.isEmpty() ? "no message" : err.lines().reduce((a, b) -> b).orElse(err)));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(cmd.get(0) + " interrupted", e);
        }
    }
}
