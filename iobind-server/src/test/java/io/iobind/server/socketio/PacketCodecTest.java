package io.iobind.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketCodecTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PacketCodec codec = new PacketCodec(mapper);

    @Test
    void decodesEveryPartOfAPacket() throws Exception {
        Packet event = codec.decode("2/admin,12[\"bar\",{\"n\":1}]");
        assertThat(event.type()).isEqualTo(Packet.EVENT);
        assertThat(event.namespace()).isEqualTo("/admin");
        assertThat(event.id()).isEqualTo(12);
        assertThat(event.data().toString()).isEqualTo("[\"bar\",{\"n\":1}]");

        Packet connect = codec.decode("0");
        assertThat(connect.namespace()).isEqualTo("/");
        assertThat(connect.id()).isEqualTo(-1);
        assertThat(connect.data()).isNull();

        // A namespace may end the packet without its comma, as clients send CONNECT and DISCONNECT.
        assertThat(codec.decode("0/custom").namespace()).isEqualTo("/custom");
        assertThat(codec.decode("1/custom").namespace()).isEqualTo("/custom");
        assertThat(codec.decode("0{\"token\":\"abc\"}").data().get("token").asText()).isEqualTo("abc");

        Packet binary = codec.decode("52-/admin,7[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(binary.type()).isEqualTo(Packet.BINARY_EVENT);
        assertThat(binary.attachments()).isEqualTo(2);
        assertThat(binary.namespace()).isEqualTo("/admin");
        assertThat(binary.id()).isEqualTo(7);
    }

    @Test
    void refusesWhatTheSpecificationDoesNotAllow() {
        for (String malformed : List.of("", "abc", "7[]", "9", "2{}", "2[]", "2[true]", "2abc[\"a\"]", "2[\"a\"",
                "3[1]", "312{}", "0[]", "0\"x\"", "1{}", "4{\"message\":\"x\"}", "5[\"a\"]", "5x-[\"a\"]",
                "5999-[\"a\"]", "21234567890123456[\"a\"]")) {
            assertThatThrownBy(() -> codec.decode(malformed)).as(malformed)
                    .isInstanceOf(PacketCodec.ProtocolException.class);
        }
    }

    @Test
    void putsAttachmentsInPlaceOfTheirPlaceholders() throws Exception {
        Packet packet = codec.decode("52-[\"m\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]");
        JsonNode data = PacketCodec.attach(packet.data(), List.of(new byte[] {1}, new byte[] {2, 3}));
        assertThat(data.get(1).binaryValue()).containsExactly(2, 3);
        assertThat(data.get(2).get(0).binaryValue()).containsExactly(1);

        assertThatThrownBy(() -> PacketCodec.attach(packet.data(), List.of(new byte[] {1})))
                .isInstanceOf(PacketCodec.ProtocolException.class);
    }

    @Test
    void encodesEventsAcksAndAttachments() {
        assertThat(codec.encode(Packet.EVENT, "/", -1, "message-back", new Object[] {1, "2", Map.of("3", List.of(true))}).text())
                .isEqualTo("2[\"message-back\",1,\"2\",{\"3\":[true]}]");
        assertThat(codec.encode(Packet.ACK, "/custom", 456, null, new Object[] {null, (JsonText) () -> "{\"a\": 1}"}).text())
                .isEqualTo("3/custom,456[null,{\"a\": 1}]");

        PacketCodec.Encoded binary = codec.encode(Packet.ACK, "/", 789, null,
                new Object[] {new byte[] {1, 2, 3}, JsonNodeFactory.instance.objectNode().put("n", 1)
                        .set("b", JsonNodeFactory.instance.binaryNode(new byte[] {4}))});
        assertThat(binary.text()).isEqualTo(
                "62-789[{\"_placeholder\":true,\"num\":0},{\"n\":1,\"b\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat(binary.attachments()).hasSize(2);
        assertThat(binary.attachments().get(1)).containsExactly(4);

        assertThat(codec.encodeControl(Packet.CONNECT_ERROR, "/random",
                JsonNodeFactory.instance.objectNode().put("message", "Invalid namespace")).text())
                .isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
    }
}
