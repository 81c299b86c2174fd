package org.stackarena.policies.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * LeRobot's per-feature statistics (min, max, mean, std, count, q01, q10, q50, q90, q99), per
 * dimension of a vector feature or per channel of an image feature (in [0, 1], shaped [3][1][1] as
 * LeRobot keeps them). Quantiles here are exact order statistics (LeRobot approximates them with
 * histograms); aggregation over episodes follows LeRobot's {@code aggregate_stats}: weighted means,
 * pooled variance, count-weighted quantiles.
 */
public final class FeatureStats {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FeatureStats() {}

    /** Statistics of {@code n} rows of {@code dim} values ({@code x} row-major). */
    public static ObjectNode vector(double[] x, int n, int dim) {
        ObjectNode s = F.objectNode();
        double[][] cols = new double[dim][n];
        for (int k = 0; k < n; k++) {
            for (int d = 0; d < dim; d++) {
                cols[d][k] = x[k * dim + d];
            }
        }
        ArrayNode min = s.putArray("min"), max = s.putArray("max"), mean = s.putArray("mean"), std = s.putArray("std");
        ArrayNode[] q = {F.arrayNode(), F.arrayNode(), F.arrayNode(), F.arrayNode(), F.arrayNode()};
        double[] qs = {0.01, 0.10, 0.50, 0.90, 0.99};
        for (double[] c : cols) {
            double[] sorted = c.clone();
            Arrays.sort(sorted);
            double m = 0;
            for (double v : c) {
                m += v;
            }
            m /= Math.max(1, n);
            double var = 0;
            for (double v : c) {
                var += (v - m) * (v - m);
            }
            min.add(n == 0 ? 0 : sorted[0]);
            max.add(n == 0 ? 0 : sorted[n - 1]);
            mean.add(m);
            std.add(Math.sqrt(var / Math.max(1, n)));
            for (int i = 0; i < qs.length; i++) {
                q[i].add(quantile(sorted, qs[i]));
            }
        }
        s.putArray("count").add(n);
        List<String> names = LeRobotLayout.STAT_NAMES;
        for (int i = 0; i < qs.length; i++) {
            s.set(names.get(5 + i), q[i]);
        }
        return s;
    }

    /** Per-channel statistics of {@code n} H x W x 3 RGB frames, scaled to [0, 1], each shaped [3][1][1]. */
    public static ObjectNode image(byte[] rgb, int n, int pixels) {
        long[][] hist = new long[3][256];
        for (int i = 0; i < n * pixels; i++) {
            for (int c = 0; c < 3; c++) {
                hist[c][rgb[i * 3 + c] & 0xff]++;
            }
        }
        ObjectNode s = F.objectNode();
        long total = (long) n * pixels;
        double[][] v = new double[LeRobotLayout.STAT_NAMES.size()][3];
        double[] qs = {0.01, 0.10, 0.50, 0.90, 0.99};
        for (int c = 0; c < 3; c++) {
            double sum = 0, sum2 = 0;
            int lo = 255, hi = 0;
            for (int b = 0; b < 256; b++) {
                long h = hist[c][b];
                if (h > 0) {
                    lo = Math.min(lo, b);
                    hi = Math.max(hi, b);
                }
                sum += h * (b / 255.0);
                sum2 += h * (b / 255.0) * (b / 255.0);
            }
            double m = total == 0 ? 0 : sum / total;
            v[0][c] = lo / 255.0;
            v[1][c] = hi / 255.0;
            v[2][c] = m;
            v[3][c] = total == 0 ? 0 : Math.sqrt(Math.max(0, sum2 / total - m * m));
            for (int i = 0; i < qs.length; i++) {
                long target = (long) Math.ceil(qs[i] * total);
                long acc = 0;
                int b = 0;
                while (b < 255 && acc + hist[c][b] < Math.max(1, target)) {
                    acc += hist[c][b++];
                }
                v[5 + i][c] = b / 255.0;
            }
        }
        for (int i = 0; i < LeRobotLayout.STAT_NAMES.size(); i++) {
            String name = LeRobotLayout.STAT_NAMES.get(i);
            if (name.equals("count")) {
                s.putArray("count").add(n);
                continue;
            }
            ArrayNode a = s.putArray(name);
            for (int c = 0; c < 3; c++) {
                a.addArray().addArray().add(v[i][c]);
            }
        }
        return s;
    }

    /**
     * Aggregates per-episode statistics of one feature (each as {@link #vector} or {@link #image}
     * make them) into dataset statistics.
     */
    public static ObjectNode aggregate(List<JsonNode> parts) {
        ObjectNode out = F.objectNode();
        if (parts.isEmpty()) {
            return out;
        }
        double total = 0;
        for (JsonNode p : parts) {
            total += p.path("count").path(0).asDouble();
        }
        JsonNode first = parts.get(0);
        for (String name : LeRobotLayout.STAT_NAMES) {
            if (name.equals("count")) {
                out.putArray("count").add((long) total);
                continue;
            }
            double[] flat = null;
            double[] flatSq = null;
            for (JsonNode p : parts) {
                double w = total == 0 ? 0 : p.path("count").path(0).asDouble() / total;
                double[] x = flatten(p.path(name));
                if (flat == null) {
                    flat = new double[x.length];
                    flatSq = new double[x.length];
                    if (name.equals("min") || name.equals("max")) {
                        Arrays.fill(flat, name.equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                    }
                }
                for (int i = 0; i < x.length && i < flat.length; i++) {
                    switch (name) {
                        case "min" -> flat[i] = Math.min(flat[i], x[i]);
                        case "max" -> flat[i] = Math.max(flat[i], x[i]);
                        case "std" -> {
                            double m = flatten(p.path("mean"))[i];
                            flatSq[i] += w * (x[i] * x[i] + m * m);
                        }
                        default -> flat[i] += w * x[i];
                    }
                }
            }
            if (name.equals("std")) {
                double[] mean = new double[flat.length];
                for (JsonNode p : parts) {
                    double w = total == 0 ? 0 : p.path("count").path(0).asDouble() / total;
                    double[] m = flatten(p.path("mean"));
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] += w * m[i];
                    }
                }
                for (int i = 0; i < flat.length; i++) {
                    flat[i] = Math.sqrt(Math.max(0, flatSq[i] - mean[i] * mean[i]));
                }
            }
            out.set(name, reshape(flat, first.path(name)));
        }
        return out;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** The numbers of a nested JSON array, depth first. */
    static double[] flatten(JsonNode n) {
        List<Double> out = new java.util.ArrayList<>();
        flattenInto(n, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.get(i);
        }
        return d;
    }

    private static void flattenInto(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flattenInto(c, out));
        } else if (n.isNumber()) {
            out.add(n.asDouble());
        }
    }

    private static JsonNode reshape(double[] flat, JsonNode like) {
        int[] pos = {0};
        return reshapeInto(flat, like, pos);
    }

    private static JsonNode reshapeInto(double[] flat, JsonNode like, int[] pos) {
        if (like.isArray()) {
            ArrayNode a = F.arrayNode();
            like.forEach(c -> a.add(reshapeInto(flat, c, pos)));
            return a;
        }
        return F.numberNode(flat[pos[0]++]);
    }
}
