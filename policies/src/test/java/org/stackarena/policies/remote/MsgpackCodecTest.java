package org.stackarena.policies.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.stackarena.api.ActionSpace;

class MsgpackCodecTest {

  @Test
  void ndarraysAndNestedMapsSurviveARoundTrip() {
    Random rnd = new Random(7);
    byte[] image = new byte[4 * 5 * 3];
    rnd.nextBytes(image);
    float[] state = {0.1f, -2.5f, 3e-7f, Float.MAX_VALUE};
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("observation/image", NdArray.ofUint8(image, 4, 5, 3));
    msg.put("observation/state", NdArray.ofFloat32(state, 4));
    msg.put("prompt", "reach the red cube");
    msg.put("nested", Map.of("flag", true, "n", 42, "x", 0.5, "list", List.of(1L, "two")));
    msg.put("none", null);
    msg.put("raw", new byte[] {1, 2, 3});

    Map<String, Object> back = MsgpackCodec.decode(new MsgpackCodec().encode(msg));

    assertThat(back.keySet()).containsExactlyElementsOf(msg.keySet());
    NdArray img = (NdArray) back.get("observation/image");
    assertThat(img).isEqualTo(msg.get("observation/image"));
    assertThat(img.shape()).containsExactly(4, 5, 3);
    NdArray s = (NdArray) back.get("observation/state");
    assertThat(s.dtype()).isEqualTo("<f4");
    assertThat(s.toDoubles()).containsExactly(0.1f, -2.5f, 3e-7f, Float.MAX_VALUE);
    assertThat(back.get("prompt")).isEqualTo("reach the red cube");
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) back.get("nested");
    assertThat(nested).containsEntry("flag", true).containsEntry("n", 42L)
        .containsEntry("x", 0.5).containsEntry("list", List.of(1L, "two"));
    assertThat(back).containsEntry("none", null);
    assertThat((byte[]) back.get("raw")).containsExactly(1, 2, 3);
  }

  @Test
  void readsNumpyStyleArraysWrittenByAnotherPackerIncludingBigEndianAndBinaryKeys() throws Exception {
    ByteBuffer be = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
    be.putDouble(1.5).putDouble(-2.0);
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packMapHeader(1);
      p.packString("actions");
      p.packMapHeader(4);
      byte[] k = "__ndarray__".getBytes("UTF-8");
      p.packBinaryHeader(k.length).writePayload(k); // older Python packers: bin keys
      p.packBoolean(true);
      p.packString("data").packBinaryHeader(16).writePayload(be.array());
      p.packString("dtype").packString(">f8");
      p.packString("shape").packArrayHeader(2).packInt(1).packInt(2);
      NdArray a = (NdArray) MsgpackCodec.decode(p.toByteArray()).get("actions");
      assertThat(a.shape()).containsExactly(1, 2);
      assertThat(a.toDoubles()).containsExactly(1.5, -2.0);
    }
  }

  @Test
  void ndarrayKeysAreWrittenAsBinLikeOpenpiSoAPythonServerFindsThem() throws Exception {
    byte[] bytes = new MsgpackCodec().encode(Map.of("a", NdArray.ofFloat32(new float[] {1f}, 1)));
    try (org.msgpack.core.MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      assertThat(u.unpackMapHeader()).isEqualTo(1);
      assertThat(u.unpackString()).isEqualTo("a");
      assertThat(u.unpackMapHeader()).isEqualTo(4);
      assertThat(u.getNextFormat().getValueType()).isEqualTo(org.msgpack.value.ValueType.BINARY);
      assertThat(new String(u.readPayload(u.unpackBinaryHeader()), "UTF-8"))
          .isEqualTo("__ndarray__");
    }
  }

  @Test
  void rejectsMalformedArraysAndNonMapMessagesSayingWhere() throws Exception {
    Map<String, Object> bad = Map.of("a", Map.of("__ndarray__", true, "data", new byte[3],
        "dtype", "<f4", "shape", List.of(1)));
    byte[] encoded = new MsgpackCodec().encode(bad);
    assertThatThrownBy(() -> MsgpackCodec.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.a")
        .hasMessageContaining("needs 4 bytes, got 3");
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packInt(3);
      assertThatThrownBy(() -> MsgpackCodec.decode(p.toByteArray()))
          .hasMessageContaining("not a msgpack map");
    }
    assertThatThrownBy(() -> new MsgpackCodec().encode(Map.of("x", new Object())))
        .hasMessageContaining("at $.x");
    assertThatThrownBy(() -> new NdArray("<c8", new int[] {1}, new byte[8]))
        .hasMessageContaining("unsupported ndarray dtype '<c8'");
  }

  @Test
  void metadataRoundTripsThroughTheWireForm() {
    ServerMetadata m = ReferencePolicyServer.referenceMetadata("ref", 8);
    Map<String, Object> wire = MsgpackCodec.decode(new MsgpackCodec().encode(m.toMap()));
    ServerMetadata back = ServerMetadata.fromMap(wire);
    assertThat(back.policyName()).isEqualTo("ref");
    assertThat(back.chunkSize()).isEqualTo(8);
    assertThat(back.imageHeight()).isEqualTo(96);
    assertThat(back.actionSpace(null, null)).isEqualTo(ActionSpace.eeDelta(0.05, 0.2));
    assertThat(back.cameraKeys()).containsExactly("observation/image");
    assertThatThrownBy(() -> ServerMetadata.fromMap(Map.of("policy_name", "x")))
        .hasMessageStartingWith("metadata lacks action_space; set action_space client side");
  }

  @Test
  void aNumpyScalarDecodesAsItsValue() throws java.io.IOException {
    // what openpi's msgpack_numpy writes for {"chunk_interval_s": np.float32(0.05)}: bin keys, the item as data
    org.msgpack.core.MessageBufferPacker p = org.msgpack.core.MessagePack.newDefaultBufferPacker();
    p.packMapHeader(1).packString("chunk_interval_s").packMapHeader(3);
    for (String k : List.of("__npgeneric__", "data", "dtype")) {
      byte[] b = k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      p.packBinaryHeader(b.length).writePayload(b);
      switch (k) {
        case "__npgeneric__" -> p.packBoolean(true);
        case "data" -> p.packDouble(0.05);
        default -> p.packString("<f4");
      }
    }
    p.close();
    assertThat(MsgpackCodec.decode(p.toByteArray())).containsEntry("chunk_interval_s", 0.05);
  }
}
