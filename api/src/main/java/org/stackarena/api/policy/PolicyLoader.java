package org.stackarena.api.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Turns a policy directory into a {@link PolicyStack}, for one value of {@code policy.json}'s
 * {@code format} field. Found with {@link ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.stackarena.api.policy.PolicyLoader}. The built-in VLA, TorchScript and
 * remote policies are loaders; so can a researcher's own format be, with {@code stackarena-api} as its
 * only StackArena dependency.
 *
 * <p>{@link #forDirectory} reads the {@code format} field and picks the loader; an unknown format is an
 * {@link InvalidPolicyException} listing the known ones. Nothing is downloaded: a loader reads the
 * directory only.
 */
public interface PolicyLoader {

  /** The {@code policy.json} file name. */
  String POLICY_JSON = "policy.json";

  /** The {@code format} value this loader reads, e.g. {@code "stackarena-torchscript/1"}. */
  String format();

  /**
   * Checks the directory as far as possible without running an episode (parse policy.json, load the
   * weights, dry-run the model on zeros) and describes it.
   *
   * @return one line for people, e.g. {@code "TorchScript policy DIR: hand-set example"}
   * @throws InvalidPolicyException one line naming the file and the field
   */
  String check(Path dir);

  /**
   * Loads the directory as a new stack with its own copy of the weights.
   *
   * @throws InvalidPolicyException one line naming the file and the field
   */
  PolicyStack load(Path dir, Options options);

  /**
   * How to load.
   *
   * @param stackName the stack name in results, non-blank
   * @param chunkExecution the chunk-execution strategy, or null for the loader's default (the
   *     directory's {@code policy.json} field {@code chunk_execution} if it has one, else the format's
   *     own default); a value given here wins over the file
   */
  record Options(String stackName, ChunkExecution chunkExecution) {

    /** Validates the name. */
    public Options {
      Objects.requireNonNull(stackName, "stackName");
      if (stackName.isBlank()) {
        throw new IllegalArgumentException("stack name must not be blank");
      }
    }

    /** A stack named {@code stackName} with the loader's default chunk execution. */
    public static Options named(String stackName) {
      return new Options(stackName, null);
    }

    /**
     * A stack named {@code stackName} with the chunk execution the run asks for in {@code context}
     * ({@link org.stackarena.api.StackContext#chunkExecution}), else (also for a null context) the
     * loader's default.
     *
     * @throws IllegalArgumentException if the context's value is not a valid form (listing them)
     */
    public static Options forContext(String stackName, org.stackarena.api.StackContext context) {
      return new Options(stackName, context == null ? null
          : context.chunkExecution().map(ChunkExecution::parse).orElse(null));
    }

    /** These options with another chunk execution (null: the loader's default). */
    public Options withChunkExecution(ChunkExecution execution) {
      return new Options(stackName, execution);
    }

    /** The chosen chunk execution, or {@code fallback} when none was chosen. */
    public ChunkExecution chunkExecutionOr(ChunkExecution fallback) {
      return chunkExecution == null ? fallback : chunkExecution;
    }
  }

  /** Every loader on the classpath, in discovery order. */
  static List<PolicyLoader> all() {
    List<PolicyLoader> out = new ArrayList<>();
    ServiceLoader.load(PolicyLoader.class).forEach(out::add);
    return out;
  }

  /**
   * The loader for {@code format}.
   *
   * @param file the policy.json path, for the message
   * @throws InvalidPolicyException naming the file and listing the known formats when there is none
   */
  static PolicyLoader forFormat(String format, String file) {
    List<PolicyLoader> all = all();
    for (PolicyLoader l : all) {
      if (l.format().equals(format)) {
        return l;
      }
    }
    throw new InvalidPolicyException(file + ": field format is '" + format + "', expected one of "
        + all.stream().map(PolicyLoader::format).toList());
  }

  /**
   * The loader for the directory {@code dir}, by its policy.json's {@code format}.
   *
   * @throws InvalidPolicyException for a missing directory or file, unreadable JSON, a missing
   *     {@code format} or one no loader reads (the message lists the known formats)
   */
  static PolicyLoader forDirectory(Path dir) {
    Path json = dir.resolve(POLICY_JSON);
    if (!Files.isDirectory(dir)) {
      throw new InvalidPolicyException(dir + ": policy directory does not exist");
    }
    if (!Files.isRegularFile(json)) {
      throw new InvalidPolicyException(json
          + ": missing file (a policy directory holds policy.json and its weights)");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(json, StandardCharsets.UTF_8));
    } catch (IOException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new InvalidPolicyException(json + ": cannot read (" + m + ")", e);
    }
    JsonNode f = root == null || !root.isObject() ? null : root.get("format");
    if (f == null || !f.isTextual()) {
      throw new InvalidPolicyException(json + ": field format is missing (expected one of "
          + all().stream().map(PolicyLoader::format).toList() + ")");
    }
    return forFormat(f.asText(), json.toString());
  }
}
