/*
 * Oracle for sqs-connect's group protocol codec: Apache Kafka Connect's own ConnectProtocol and
 * IncrementalCooperativeConnectProtocol encode and decode member metadata and assignments.
 *
 * Input (stdin), one JSON object per line, with an "id" echoed back:
 *   {"op":"encodeMetadata", "version":0|1|2, "url":.., "offset":"<long>", "allocation":<assignment>|null}
 *   {"op":"joinProtocols", "mode":"eager"|"compatible"|"sessioned", "url":.., "offset":"<long>", "allocation":<assignment>|null}
 *   {"op":"encodeAssignment", "version":0|1|2, "assignment":<assignment>}
 *   {"op":"decodeMetadata", "hex":..}
 *   {"op":"decodeAssignment", "hex":..}
 *   <assignment> = {"error":int, "leader":.., "leaderUrl":.., "offset":"<long>", "connectors":[..], "tasks":[["c",0],..],
 *                   "revokedConnectors":[..], "revokedTasks":[..], "delay":int}
 * Output, one JSON object per line: {"id", "hex"} | {"id", "protocols":[{"name","hex"}]} |
 *   {"id", "url", "offset", "allocation":<assignment>|null} | {"id", "assignment":<assignment + "version">} | {"id", "error"}.
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.apache.kafka.connect.util.ConnectorTaskId;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

public class ConnectProtocolHarness {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode c = MAPPER.readTree(line);
            ObjectNode result = MAPPER.createObjectNode();
            result.set("id", c.get("id"));
            try {
                run(c, result);
            } catch (RuntimeException e) {
                result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.println(MAPPER.writeValueAsString(result));
            out.flush();
        }
    }

    private static void run(JsonNode c, ObjectNode result) {
        switch (c.get("op").asText()) {
            case "encodeMetadata": {
                int version = c.get("version").asInt();
                String url = c.get("url").asText();
                long offset = Long.parseLong(c.get("offset").asText());
                ByteBuffer bytes = version == 0
                    ? ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState(url, offset))
                    : IncrementalCooperativeConnectProtocol.serializeMetadata(
                        new ExtendedWorkerState(url, offset, assignment(c.get("allocation"), (short) version)), version == 2);
                result.put("hex", hex(bytes));
                break;
            }
            case "joinProtocols": {
                String mode = c.get("mode").asText();
                String url = c.get("url").asText();
                long offset = Long.parseLong(c.get("offset").asText());
                ExtendedAssignment allocation = assignment(c.get("allocation"), (short) (mode.equals("sessioned") ? 2 : 1));
                JoinGroupRequestProtocolCollection protocols = mode.equals("eager")
                    ? ConnectProtocol.metadataRequest(new ConnectProtocol.WorkerState(url, offset))
                    : IncrementalCooperativeConnectProtocol.metadataRequest(new ExtendedWorkerState(url, offset, allocation), mode.equals("sessioned"));
                ArrayNode list = result.putArray("protocols");
                for (JoinGroupRequestProtocol protocol : protocols) {
                    list.addObject().put("name", protocol.name()).put("hex", HEX.formatHex(protocol.metadata()));
                }
                break;
            }
            case "encodeAssignment": {
                int version = c.get("version").asInt();
                ExtendedAssignment a = assignment(c.get("assignment"), (short) version);
                ByteBuffer bytes = version == 0
                    ? ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(a.error(), a.leader(), a.leaderUrl(), a.offset(), a.connectors(), a.tasks()))
                    : IncrementalCooperativeConnectProtocol.serializeAssignment(a, version == 2);
                result.put("hex", hex(bytes));
                break;
            }
            case "decodeMetadata": {
                ExtendedWorkerState state = IncrementalCooperativeConnectProtocol.deserializeMetadata(ByteBuffer.wrap(HEX.parseHex(c.get("hex").asText())));
                result.put("url", state.url()).put("offset", Long.toString(state.offset()));
                ExtendedAssignment allocation = state.assignment();
                if (allocation == null || allocation == ExtendedAssignment.empty()) result.putNull("allocation");
                else result.set("allocation", json(allocation));
                break;
            }
            case "decodeAssignment": {
                ExtendedAssignment a = IncrementalCooperativeConnectProtocol.deserializeAssignment(ByteBuffer.wrap(HEX.parseHex(c.get("hex").asText())));
                result.set("assignment", json(a));
                break;
            }
            default:
                throw new IllegalArgumentException("unknown op " + c.get("op"));
        }
    }

    private static String hex(ByteBuffer buffer) {
        if (buffer == null) return null;
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HEX.formatHex(bytes);
    }

    private static ExtendedAssignment assignment(JsonNode a, short version) {
        if (a == null || a.isNull()) return null;
        return new ExtendedAssignment(version, (short) a.get("error").asInt(), a.get("leader").asText(), a.get("leaderUrl").asText(),
            Long.parseLong(a.get("offset").asText()), strings(a.get("connectors")), tasks(a.get("tasks")),
            strings(a.get("revokedConnectors")), tasks(a.get("revokedTasks")), a.get("delay").asInt());
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        for (JsonNode item : array) list.add(item.asText());
        return list;
    }

    private static List<ConnectorTaskId> tasks(JsonNode array) {
        List<ConnectorTaskId> list = new ArrayList<>();
        for (JsonNode item : array) list.add(new ConnectorTaskId(item.get(0).asText(), item.get(1).asInt()));
        return list;
    }

    private static ObjectNode json(ExtendedAssignment a) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", a.version()).put("error", a.error()).put("leader", a.leader()).put("leaderUrl", a.leaderUrl())
            .put("offset", Long.toString(a.offset())).put("delay", a.delay());
        ArrayNode connectors = node.putArray("connectors");
        a.connectors().forEach(connectors::add);
        ArrayNode tasks = node.putArray("tasks");
        a.tasks().forEach(t -> tasks.addArray().add(t.connector()).add(t.task()));
        ArrayNode revokedConnectors = node.putArray("revokedConnectors");
        a.revokedConnectors().forEach(revokedConnectors::add);
        ArrayNode revokedTasks = node.putArray("revokedTasks");
        a.revokedTasks().forEach(t -> revokedTasks.addArray().add(t.connector()).add(t.task()));
        return node;
    }
}
