/*
 * What Confluent's documented recipe for FIFO queues makes of a record's key: Apache Kafka's own
 * ValueToKey (fields=MessageGroupId) then ExtractField$Key (field=MessageGroupId) over the seed's key and
 * value structs, then the key through JsonConverter (schemas.enable true and false) and StringConverter.
 * Run as a single-file program: java -cp '<kafka libs>/*' SmtRecipeHarness.java <queueUrl> <messageId> <groupId as base64 of UTF-8>
 * Prints one JSON line: {"schemaType", "optional", "json", "plain", "string"} (converter outputs in base64).
 */
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.ExtractField;
import org.apache.kafka.connect.transforms.ValueToKey;

import java.util.Base64;
import java.util.Map;

public class SmtRecipeHarness {
    public static void main(String[] args) {
        String queueUrl = args[0], messageId = args[1];
        String groupId = new String(Base64.getDecoder().decode(args[2]), java.nio.charset.StandardCharsets.UTF_8);
        Schema keySchema = SchemaBuilder.struct().version(1)
            .field("QueueUrl", Schema.STRING_SCHEMA).field("MessageId", Schema.STRING_SCHEMA)
            .field("MessageGroupId", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema valueSchema = SchemaBuilder.struct().version(1)
            .field("ApproximateFirstReceiveTimestamp", Schema.INT64_SCHEMA).field("ApproximateReceiveCount", Schema.INT32_SCHEMA)
            .field("SenderId", Schema.STRING_SCHEMA).field("SentTimestamp", Schema.INT64_SCHEMA)
            .field("MessageDeduplicationId", Schema.OPTIONAL_STRING_SCHEMA).field("MessageGroupId", Schema.OPTIONAL_STRING_SCHEMA)
            .field("SequenceNumber", Schema.OPTIONAL_STRING_SCHEMA).field("Body", Schema.STRING_SCHEMA).build();
        Struct key = new Struct(keySchema).put("QueueUrl", queueUrl).put("MessageId", messageId).put("MessageGroupId", groupId);
        Struct value = new Struct(valueSchema).put("ApproximateFirstReceiveTimestamp", 1700000000123L).put("ApproximateReceiveCount", 1)
            .put("SenderId", "AIDAEXAMPLE").put("SentTimestamp", 1700000000000L).put("MessageDeduplicationId", "d-1")
            .put("MessageGroupId", groupId).put("SequenceNumber", "18881234567890123456").put("Body", "body");
        SourceRecord record = new SourceRecord(Map.of("QueueUrl", queueUrl), Map.of("MessageId", messageId), "t", null, keySchema, key, valueSchema, value);

        try (ValueToKey<SourceRecord> valueToKey = new ValueToKey<>(); ExtractField.Key<SourceRecord> extract = new ExtractField.Key<>()) {
            valueToKey.configure(Map.of("fields", "MessageGroupId"));
            extract.configure(Map.of("field", "MessageGroupId"));
            SourceRecord out = extract.apply(valueToKey.apply(record));
            JsonConverter json = new JsonConverter();
            json.configure(Map.of(), true);
            JsonConverter plain = new JsonConverter();
            plain.configure(Map.of("schemas.enable", "false"), true);
            StringConverter string = new StringConverter();
            string.configure(Map.of(), true);
            Base64.Encoder b64 = Base64.getEncoder();
            System.out.println("{\"schemaType\":\"" + out.keySchema().type() + "\",\"optional\":" + out.keySchema().isOptional()
                + ",\"json\":\"" + b64.encodeToString(json.fromConnectData("t", out.keySchema(), out.key()))
                + "\",\"plain\":\"" + b64.encodeToString(plain.fromConnectData("t", out.keySchema(), out.key()))
                + "\",\"string\":\"" + b64.encodeToString(string.fromConnectData("t", out.keySchema(), out.key())) + "\"}");
        }
    }
}
