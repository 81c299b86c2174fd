package org.stackarena.policies.remote;

import org.stackarena.api.LoopRole;
import org.stackarena.api.Commands;
import org.stackarena.api.LoopSpec;
import org.stackarena.api.Observations;
import org.stackarena.api.ActionChunk;
import org.stackarena.api.policy.ChunkExecution;
import org.stackarena.api.policy.PolicyStack;
import org.stackarena.api.policy.PolicyStage;

/**
 * A policy served by another process as a one-stage {@link PolicyStack}: loop {@value #LOOP} at
 * {@link RemotePolicyConfig#rateHz()} gathers the observations named by the config's mapping
 * ({@link RemoteTranslator}), sends them and waits for the reply ({@link RemotePolicyClient}), and
 * publishes its {@code actions} as an {@link ActionChunk}. Requests are synchronous, so with the default
 * {@code measured} latency the round trip becomes the modelled latency and the loop skips deadlines
 * while a request is outstanding, as a real client would. Phases: preprocess = gather, resize and
 * encode; infer = the round trip; postprocess = decode and build the chunk. Chunks are executed with
 * {@code hold-and-switch} by default.
 */
public final class RemotePolicyStack {

  /** Name of the stack's only loop. */
  public static final String LOOP = "remote";

  private RemotePolicyStack() {}

  /** A stack named {@code remote} configured by {@code config}; it connects on the first reset. */
  public static PolicyStack create(RemotePolicyConfig config) {
    return create(config, "remote", ChunkExecution.holdAndSwitch());
  }

  /**
   * A stack named {@code name} configured by {@code config}; it connects on the first reset.
   *
   * @param execution how new chunks become published chunks
   */
  public static PolicyStack create(RemotePolicyConfig config, String name, ChunkExecution execution) {
    RemotePolicyClient client = new RemotePolicyClient(config);
    PolicyStage.Builder<byte[], java.nio.ByteBuffer, ActionChunk> b =
        PolicyStage.<byte[], java.nio.ByteBuffer, ActionChunk>builder(LOOP, config.rateHz())
            .setModel(client).setTranslator(new RemoteTranslator(config, client)).setOutput(Commands.ACTION)
            .optLatency(config.latency()).optRole(LoopRole.REMOTE);
    if (config.needsProprioception()) {
      b.reads(Observations.PROPRIOCEPTION);
    }
    for (String camera : config.cameras()) {
      b.reads(Observations.rgbd(camera));
    }
    if (config.needsInstruction()) {
      b.reads(Observations.INSTRUCTION);
    }
    return PolicyStack.builder(name).setActionStage(b.build()).optChunkExecution(execution).build();
  }

  /** The client (connection, metadata, round-trip timings) of a stack made by {@link #create}. */
  public static RemotePolicyClient client(PolicyStack stack) {
    return (RemotePolicyClient) stack.stage(LOOP).model();
  }

  /** The loop of a stack made by {@link #create}. */
  public static LoopSpec loop(PolicyStack stack) {
    return stack.stage(LOOP).loop();
  }
}
