package org.stackarena.policies.remote;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;

/**
 * Provider of stack {@code remote}: a {@link RemotePolicyStack} (a {@link org.stackarena.api.policy.PolicyStack}) configured by
 * {@link RemotePolicyConfig#fromEnvironment()} (env {@code STACKARENA_REMOTE_URL}, default
 * {@code ws://127.0.0.1:8765}; system properties {@code stackarena.remote.*}; a properties file or a
 * remote {@code policy.json} named by {@code STACKARENA_REMOTE_CONFIG}) and then by the settings it was
 * made with ({@code stackarena bench --remote KEY=VALUE}), which win.
 */
public final class RemoteStackProvider implements StackProvider {

  private final Map<String, String> settings;

  /**
   * The provider the service loader finds: the environment's configuration, read (and checked) when a
   * stack is made.
   */
  public RemoteStackProvider() {
    this.settings = Map.of();
  }

  /**
   * A provider whose stacks take {@code settings} (keys of the properties form, see
   * {@link RemotePolicyConfig}) over the environment's configuration; the whole configuration is
   * checked now.
   *
   * @throws IllegalArgumentException one line naming a bad key, value or file
   */
  public RemoteStackProvider(Map<String, String> settings) {
    this.settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    config();
  }

  @Override
  public String name() {
    return "remote";
  }

  @Override
  public String description() {
    return "a policy served by another process over WebSocket + msgpack (STACKARENA_REMOTE_URL)";
  }

  /** Needs a running policy server, so {@code --stack all} leaves it out. */
  @Override
  public boolean includedInAll() {
    return false;
  }

  /** The configuration stacks are made with. */
  public RemotePolicyConfig config() {
    RemotePolicyConfig base = RemotePolicyConfig.fromEnvironment();
    if (settings.isEmpty()) {
      return base;
    }
    Properties p = new Properties();
    p.putAll(settings);
    return RemotePolicyConfig.fromProperties(p, base);
  }

  /** The stack with the run's chunk execution ({@link StackContext#chunkExecution}), else hold-and-switch. */
  @Override
  public ControlStack create(StackContext context) {
    return RemotePolicyStack.create(config(), name(),
        PolicyLoader.Options.forContext(name(), context).chunkExecutionOr(ChunkExecution.holdAndSwitch()));
  }
}
