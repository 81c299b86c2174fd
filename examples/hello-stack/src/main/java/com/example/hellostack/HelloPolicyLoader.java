package com.example.hellostack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.InvalidPolicyException;
import org.stackarena.api.policy.PolicyLoader;
import org.stackarena.api.policy.PolicyStack;

/**
 * Makes {@code --policy DIR} run {@link HelloPolicy} for a directory whose {@code policy.json} is
 * {@code {"format": "hello-reach/1", "rate_hz": 10, "chunk_execution": "hold-and-switch"}} (the last
 * two optional; {@code chunk_execution} takes every {@link ChunkExecution} form, and the run's
 * {@code --chunking} wins over it); listed in {@code META-INF/services/org.stackarena.api.policy.PolicyLoader}. A real loader
 * would also read weights from the directory. Example directory: {@code examples/hello-stack/hello-policy}.
 */
public final class HelloPolicyLoader implements PolicyLoader {

    /** The {@code format} value. */
    public static final String FORMAT = "hello-reach/1";

    private static final ObjectMapper JSON = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The file's contents.
     *
     * @param format {@value #FORMAT}
     * @param rateHz loop rate (default 10)
     * @param chunkExecution a {@link ChunkExecution#parse} form: {@code hold-and-switch} (default),
     *     {@code ensemble:<window>}, {@code rtc[:exp|linear|hard]} or {@code blocking}
     */
    record Config(@JsonProperty(required = true) String format, Double rateHz, String chunkExecution) {
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String check(Path dir) {
        Config c = read(dir);
        return "hello-reach policy " + dir + " at " + rate(c) + " Hz";
    }

    @Override
    public PolicyStack load(Path dir, Options options) {
        Config c = read(dir);
        ChunkExecution fromFile = c.chunkExecution() == null ? ChunkExecution.holdAndSwitch() : execution(dir, c);
        return HelloPolicy.create(options.stackName(), rate(c), options.chunkExecutionOr(fromFile));
    }

    private static double rate(Config c) {
        return c.rateHz() == null ? 10 : c.rateHz();
    }

    private static ChunkExecution execution(Path dir, Config c) {
        try {
            return ChunkExecution.parse(c.chunkExecution());
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(dir.resolve(POLICY_JSON) + ": field chunk_execution: " + e.getMessage());
        }
    }

    /** Reads policy.json strictly: one line naming the file and field on any problem. */
    private static Config read(Path dir) {
        Path json = dir.resolve(POLICY_JSON);
        Config c;
        try {
            c = JSON.readValue(Files.readString(json, StandardCharsets.UTF_8), Config.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidPolicyException(json + ": field " + e.getPropertyName() + ": unknown field (allowed: format, "
                + "rate_hz, chunk_execution)");
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(json + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new InvalidPolicyException(json + ": cannot read (" + e.getMessage() + ")");
        }
        if (c.rateHz() != null && !(c.rateHz() > 0 && c.rateHz() <= 1000)) {
            throw new InvalidPolicyException(json + ": field rate_hz must be in (0, 1000], got " + c.rateHz());
        }
        execution(dir, c);
        return c;
    }
}
