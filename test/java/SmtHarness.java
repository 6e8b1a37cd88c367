/*
 * Oracle for sqs-connect's SMTs: runs Apache Kafka's own transformations and predicates (connect-transforms)
 * over records and prints what JsonConverter and SimpleHeaderConverter make of the results.
 * Compiled together with ConverterHarness.java, whose schema/value decoders it uses.
 *
 * Input (stdin), one JSON object per line:
 *   {"id":.., "stages":[{"type":<class>, "config":{..}, "predicate":{"type":<class>,"config":{..}}|null, "negate":bool}],
 *    "record":{"topic":.., "partition":int|null, "timestamp":"<ms>"|null, "keySchema":<schema|null>, "key":<value>,
 *              "valueSchema":<schema|null>, "value":<value>, "headers":[["name", <schema|null>, <value>], ..]}}
 *   (schema and value formats as in ConverterHarness.java)
 * Output, one JSON object per case: {"id", "configError"} when a stage refuses its config, {"id", "error"} when
 *   applying fails, {"id", "dropped":true}, or {"id", "topic", "partition", "timestamp", "key", "value", "keyPlain",
 *   "valuePlain", "headers":[["name", base64|null, "type[:logical name]"|null], ..]} with converter outputs in base64 (null for null).
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class SmtHarness {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final class Stage {
        Transformation<SourceRecord> transformation;
        Predicate<SourceRecord> predicate;
        boolean negate;
    }

    public static void main(String[] args) throws Exception {
        JsonConverter keyJson = json(Map.of(), true);
        JsonConverter valueJson = json(Map.of(), false);
        JsonConverter keyPlain = json(Map.of("schemas.enable", "false"), true);
        JsonConverter valuePlain = json(Map.of("schemas.enable", "false"), false);
        SimpleHeaderConverter header = new SimpleHeaderConverter();
        header.configure(Map.of());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode c = MAPPER.readTree(line);
            ObjectNode result = MAPPER.createObjectNode();
            result.put("id", c.get("id").asText());
            List<Stage> stages = new ArrayList<>();
            try {
                for (JsonNode s : c.get("stages")) stages.add(stage(s));
            } catch (Exception e) {
                result.put("configError", e.getClass().getSimpleName() + ": " + e.getMessage());
                out.println(MAPPER.writeValueAsString(result));
                continue;
            }
            SourceRecord record = record(c.get("record"));
            try {
                for (Stage stage : stages) {
                    if (record == null) break;
                    if (stage.predicate == null || stage.negate ^ stage.predicate.test(record)) record = stage.transformation.apply(record);
                }
                if (record == null) {
                    result.put("dropped", true);
                } else {
                    SourceRecord r = record;
                    result.put("topic", r.topic());
                    if (r.kafkaPartition() == null) result.putNull("partition"); else result.put("partition", r.kafkaPartition());
                    if (r.timestamp() == null) result.putNull("timestamp"); else result.put("timestamp", r.timestamp().toString());
                    result.put("key", b64(keyJson.fromConnectData(r.topic(), r.keySchema(), r.key())));
                    result.put("value", b64(valueJson.fromConnectData(r.topic(), r.valueSchema(), r.value())));
                    result.put("keyPlain", b64(keyPlain.fromConnectData(r.topic(), r.keySchema(), r.key())));
                    result.put("valuePlain", b64(valuePlain.fromConnectData(r.topic(), r.valueSchema(), r.value())));
                    ArrayNode headers = result.putArray("headers");
                    for (Header h : r.headers()) {
                        ArrayNode pair = headers.addArray();
                        pair.add(h.key());
                        pair.add(b64(header.fromConnectHeader(r.topic(), h.key(), h.schema(), h.value())));
                        pair.add(h.schema() == null ? null : h.schema().type().getName() + (h.schema().name() == null ? "" : ":" + h.schema().name()));
                    }
                }
            } catch (Exception e) {
                result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            for (Stage stage : stages) {
                stage.transformation.close();
                if (stage.predicate != null) stage.predicate.close();
            }
            out.println(MAPPER.writeValueAsString(result));
        }
        out.flush();
    }

    private static String b64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static JsonConverter json(Map<String, String> configs, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(configs, isKey);
        return converter;
    }

    private static Map<String, String> config(JsonNode node) {
        Map<String, String> config = new HashMap<>();
        if (node != null) node.properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    @SuppressWarnings("unchecked")
    private static Stage stage(JsonNode s) throws Exception {
        Stage stage = new Stage();
        stage.transformation = (Transformation<SourceRecord>) Class.forName(s.get("type").asText()).getDeclaredConstructor().newInstance();
        stage.transformation.configure(config(s.get("config")));
        JsonNode p = s.get("predicate");
        if (p != null && !p.isNull()) {
            stage.predicate = (Predicate<SourceRecord>) Class.forName(p.get("type").asText()).getDeclaredConstructor().newInstance();
            stage.predicate.configure(config(p.get("config")));
            stage.negate = s.path("negate").asBoolean(false);
        }
        return stage;
    }

    private static SourceRecord record(JsonNode r) {
        Schema keySchema = ConverterHarness.schema(r.get("keySchema"));
        Schema valueSchema = ConverterHarness.schema(r.get("valueSchema"));
        ConnectHeaders headers = new ConnectHeaders();
        for (JsonNode h : r.get("headers")) {
            Schema schema = ConverterHarness.schema(h.get(1));
            headers.add(h.get(0).asText(), ConverterHarness.value(schema, h.get(2)), schema);
        }
        Integer partition = r.hasNonNull("partition") ? r.get("partition").asInt() : null;
        Long timestamp = r.hasNonNull("timestamp") ? Long.parseLong(r.get("timestamp").asText()) : null;
        return new SourceRecord(Map.of("QueueUrl", "q"), Map.of("MessageId", "m"), r.get("topic").asText(), partition,
            keySchema, ConverterHarness.value(keySchema, r.get("key")), valueSchema, ConverterHarness.value(valueSchema, r.get("value")),
            timestamp, headers);
    }
}
