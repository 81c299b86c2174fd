package org.stackarena.policies.data.lerobot;

import java.util.List;
import java.util.Locale;

/**
 * The MP4 encodings {@code collect --video-codec} offers, as ffmpeg arguments. Camera frames are
 * small (96x96 by default) renders with saturated, sharply edged colours: chroma subsampling
 * (yuv420p) smears those edges by up to ~240 levels, so the default keeps RGB exactly.
 */
public enum VideoCodec {
    /**
     * H.264 (libx264rgb), lossless RGB (crf 0, pix_fmt gbrp): decoded frames equal the rendered ones
     * bit for bit. Default.
     */
    H264_LOSSLESS("h264-lossless", "libx264rgb", "gbrp", List.of("-crf", "0", "-preset", "medium")),
    /** H.264 (libx264) lossless in YUV 4:4:4 (crf 0): only the RGB<->YUV rounding remains (1-2 levels). */
    H264_YUV444("h264-yuv444", "libx264", "yuv444p", List.of("-crf", "0", "-preset", "medium")),
    /** AV1 (libsvtav1, yuv420p, crf 30): LeRobot's own default; smallest, lossy at colour edges. */
    AV1("av1", "libsvtav1", "yuv420p", List.of("-crf", "30", "-preset", "8", "-svtav1-params", "verbosity=0"));

    private final String id;
    private final String encoder;
    private final String pixFmt;
    private final List<String> options;

    VideoCodec(String id, String encoder, String pixFmt, List<String> options) {
        this.id = id;
        this.encoder = encoder;
        this.pixFmt = pixFmt;
        this.options = options;
    }

    /** The name used on the command line. */
    public String id() {
        return id;
    }

    /** The ffmpeg encoder. */
    public String encoder() {
        return encoder;
    }

    /** The pixel format written (as ffprobe reports it). */
    public String pixFmt() {
        return pixFmt;
    }

    /** Encoder options besides codec and pixel format. */
    public List<String> options() {
        return options;
    }

    /** The codec of {@code id}; the error lists the valid ones. */
    public static VideoCodec parse(String id) {
        for (VideoCodec c : values()) {
            if (c.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown video codec '" + id + "'; valid: " + ids());
    }

    /** The valid names, comma separated. */
    public static String ids() {
        StringBuilder sb = new StringBuilder();
        for (VideoCodec c : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.id);
        }
        return sb.toString();
    }
}
