package org.stackarena.policies.torchscript;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.stackarena.policies.CheckpointException;

/**
 * Reads fields of one JSON object of {@code policy.json}; every problem is a one-line
 * {@link CheckpointException} naming the file and the full field path.
 *
 * @param file the file name used in messages
 * @param path the path of this object ("" for the root)
 * @param node the object
 */
record Fields(String file, String path, JsonNode node) {

    /** Fails if the object has a field outside {@code allowed} (a typo is an error, not a silent default). */
    Fields only(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw error(f, "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    String where(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    CheckpointException error(String field, String what) {
        return new CheckpointException(file + ": field " + where(field) + ": " + what);
    }

    boolean has(String field) {
        JsonNode n = node.get(field);
        return n != null && !n.isNull();
    }

    JsonNode raw(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw new CheckpointException(file + ": field " + where(field) + " is missing");
        }
        return n;
    }

    Fields object(String field) {
        JsonNode n = raw(field);
        if (!n.isObject()) {
            throw error(field, "must be an object");
        }
        return new Fields(file, where(field), n);
    }

    String text(String field) {
        JsonNode n = raw(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw error(field, "must be a non-empty string");
        }
        return n.asText();
    }

    String text(String field, String fallback) {
        return has(field) ? text(field) : fallback;
    }

    double positive(String field) {
        JsonNode n = raw(field);
        if (!n.isNumber() || !(n.asDouble() > 0) || !Double.isFinite(n.asDouble())) {
            throw error(field, "must be a positive number, got " + n);
        }
        return n.asDouble();
    }

    int positiveInt(String field) {
        JsonNode n = raw(field);
        if (!n.isIntegralNumber() || n.asInt() <= 0) {
            throw error(field, "must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    boolean bool(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode n = raw(field);
        if (!n.isBoolean()) {
            throw error(field, "must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    List<String> strings(String field) {
        JsonNode n = raw(field);
        if (!n.isArray()) {
            throw error(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw error(field, "must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    int[] shape(String field) {
        JsonNode n = raw(field);
        if (!n.isArray() || n.isEmpty()) {
            throw error(field, "must be a non-empty array of positive integers (a tensor shape without the batch dimension)");
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isIntegralNumber() || n.get(i).asInt() <= 0) {
                throw error(field, "must be an array of positive integers, got " + n);
            }
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    /** An array of {@code expected} finite numbers, or {@code fallback} when absent. */
    float[] floats(String field, int expected, float fallback) {
        float[] out = new float[expected];
        if (!has(field)) {
            java.util.Arrays.fill(out, fallback);
            return out;
        }
        JsonNode n = raw(field);
        if (!n.isArray() || n.size() != expected) {
            throw error(field, "must be an array of " + expected + " numbers, got "
                + (n.isArray() ? n.size() + " values" : n.toString()));
        }
        for (int i = 0; i < expected; i++) {
            if (!n.get(i).isNumber() || !Double.isFinite(n.get(i).asDouble())) {
                throw error(field + "[" + i + "]", "must be a finite number");
            }
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }
}
