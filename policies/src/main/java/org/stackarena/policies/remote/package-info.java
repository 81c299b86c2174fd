/**
 * Remote policies: benchmarking a model that another process serves (typically a large VLA
 * next to a GPU) through the same scenarios as the built-in stacks.
 *
 * <p>The wire protocol (WebSocket, binary frames, MessagePack maps, NumPy-style arrays; in the
 * spirit of openpi's policy server) is described in {@code policies/REMOTE_PROTOCOL.md}:
 * {@link org.stackarena.policies.remote.MsgpackCodec} and
 * {@link org.stackarena.policies.remote.NdArray} are the codec,
 * {@link org.stackarena.policies.remote.ServerMetadata} the handshake,
 * {@link org.stackarena.policies.remote.RemotePolicyStack} the client stack (configured by
 * {@link org.stackarena.policies.remote.RemotePolicyConfig}, registered as stack {@code remote}
 * by {@link org.stackarena.policies.remote.RemoteStackProvider}) and
 * {@link org.stackarena.policies.remote.ReferencePolicyServer} a small Java server that tests
 * use and that documents the server side.
 *
 * <p>Dependencies: the stack API in {@code sim}, msgpack-core, Java-WebSocket and SLF4J. Nothing
 * here needs MuJoCo, DJL or a GPU; only the end-to-end test uses {@code scenarios}.
 */
package org.stackarena.policies.remote;
