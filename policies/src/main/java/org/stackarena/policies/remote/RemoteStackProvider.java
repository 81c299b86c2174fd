package org.stackarena.policies.remote;

import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyLoader;

/**
 * Provider of stack {@code remote}: a {@link RemotePolicyStack} (a {@link org.stackarena.api.policy.PolicyStack}) configured by
 * {@link RemotePolicyConfig#fromEnvironment()} (env {@code STACKARENA_REMOTE_URL}, default
 * {@code ws://127.0.0.1:8765}; system properties {@code stackarena.remote.*}; a properties file
 * named by {@code STACKARENA_REMOTE_CONFIG}).
 */
public final class RemoteStackProvider implements StackProvider {

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

  /** The stack with the run's chunk execution ({@link StackContext#chunkExecution}), else hold-and-switch. */
  @Override
  public ControlStack create(StackContext context) {
    return RemotePolicyStack.create(RemotePolicyConfig.fromEnvironment(), name(),
        PolicyLoader.Options.forContext(name(), context).chunkExecutionOr(ChunkExecution.holdAndSwitch()));
  }
}
