/**
 * Remote policies: benchmarking a model that another process serves (typically a large VLA
 * next to a GPU) through the same scenarios as the built-in stacks.
 *
 * <p>The wire protocol (WebSocket, binary frames, MessagePack maps, NumPy-style arrays; in the
 * spirit of openpi's policy server) is described in {@code policies/REMOTE_PROTOCOL.md}:
 * {@link org.stackarena.policies.remote.MsgpackCodec} and
 * {@link org.stackarena.policies.remote.NdArray} are the codec,
 * {@link org.stackarena.policies.remote.ServerMetadata} the handshake (the server's map merged with
 * what the client declares, {@link org.stackarena.policies.remote.MetadataSpec}, so that a stock openpi
 * server sending {@code {}} works), {@link org.stackarena.policies.remote.ActionMapping} another
 * action convention (openpi's LIBERO one) turned into ours,
 * {@link org.stackarena.policies.remote.RemotePolicyClient} (the model: connection, metadata,
 * timings) and {@code RemoteTranslator} the client, run as a one-stage
 * {@link org.stackarena.api.policy.PolicyStack} by
 * {@link org.stackarena.policies.remote.RemotePolicyStack} (configured by
 * {@link org.stackarena.policies.remote.RemotePolicyConfig}, registered as stack {@code remote}
 * by {@link org.stackarena.policies.remote.RemoteStackProvider} and as policy-directory format
 * {@code stackarena-remote/1} by {@link org.stackarena.policies.remote.RemotePolicyLoader}) and
 * {@link org.stackarena.policies.remote.ReferencePolicyServer} a small Java server that tests
 * use and that documents the server side.
 *
 * <p>Dependencies: the stack and Policy API ({@code stackarena-api}), msgpack-core, Java-WebSocket and SLF4J. Nothing
 * here needs MuJoCo, DJL or a GPU; only the end-to-end test uses {@code scenarios}.
 */
package org.stackarena.policies.remote;
