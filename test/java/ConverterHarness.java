/*
 * Byte-identity oracle for sqs-connect's converters: runs Apache Kafka's own JsonConverter,
 * StringConverter and SimpleHeaderConverter over test cases and prints what they write.
 *
 * Input (stdin), one JSON object per line: {"id":..., "schema":<schema|null>, "value":<value>}
 *   schema: {"type":"int8|int16|int32|int64|float32|float64|boolean|string|bytes|array|map|struct",
 *            "optional":bool, "name":.., "version":.., "doc":.., "params":{..}, "default":<value>,
 *            "items":<schema>, "keys":<schema>, "values":<schema>, "fields":[["name",<schema>],..]}
 *   value (typed by its schema): int64 as a decimal string, float32/float64 as the hex of their IEEE
 *   bits, bytes as base64, map as [[k,v],..], struct as {"field":value}; Decimal as a BigDecimal
 *   string, Date as int days, Time as int ms, Timestamp as int64 ms string. With a null schema the
 *   value is tagged: {"t":"string|int32|int64|float64|float32|boolean|bytes|array|map|null","v":..}.
 * Output (stdout), one JSON object per case: {"id":..., "<output>": base64 | null | {"error":"Class: msg"}}
 *   for outputs json (schemas.enable=true), plain (false), numeric (decimal.format=NUMERIC),
 *   noReplace (replace.null.with.default=false), string (StringConverter), header (SimpleHeaderConverter).
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

public class ConverterHarness {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        JsonConverter json = json(Map.of());
        JsonConverter plain = json(Map.of("schemas.enable", "false"));
        JsonConverter numeric = json(Map.of("decimal.format", "NUMERIC"));
        JsonConverter noReplace = json(Map.of("replace.null.with.default", "false"));
        StringConverter string = new StringConverter();
        string.configure(Map.of(), false);
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
            Schema schema;
            Object value;
            try {
                schema = schema(c.get("schema"));
                value = value(schema, c.get("value"));
            } catch (Exception e) {
                result.set("setup", error(e));
                out.println(MAPPER.writeValueAsString(result));
                continue;
            }
            result.set("json", run(() -> json.fromConnectData("t", schema, value)));
            result.set("plain", run(() -> plain.fromConnectData("t", schema, value)));
            result.set("numeric", run(() -> numeric.fromConnectData("t", schema, value)));
            result.set("noReplace", run(() -> noReplace.fromConnectData("t", schema, value)));
            result.set("string", run(() -> string.fromConnectData("t", schema, value)));
            result.set("header", run(() -> header.fromConnectHeader("t", "h", schema, value)));
            out.println(MAPPER.writeValueAsString(result));
        }
        out.flush();
    }

    private static JsonConverter json(Map<String, String> configs) {
        JsonConverter converter = new JsonConverter();
        converter.configure(configs, false);
        return converter;
    }

    private static JsonNode run(Callable<byte[]> conversion) {
        try {
            byte[] bytes = conversion.call();
            return bytes == null ? MAPPER.nullNode() : MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes));
        } catch (Exception e) {
            return error(e);
        }
    }

    private static JsonNode error(Exception e) {
        return MAPPER.createObjectNode().put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    static Schema schema(JsonNode d) {
        if (d == null || d.isNull()) return null;
        String type = d.get("type").asText();
        SchemaBuilder b;
        switch (type) {
            case "array": b = SchemaBuilder.array(schema(d.get("items"))); break;
            case "map": b = SchemaBuilder.map(schema(d.get("keys")), schema(d.get("values"))); break;
            case "struct":
                b = SchemaBuilder.struct();
                for (JsonNode f : d.get("fields")) b.field(f.get(0).asText(), schema(f.get(1)));
                break;
            default: b = SchemaBuilder.type(Schema.Type.valueOf(type.toUpperCase()));
        }
        if (d.path("optional").asBoolean(false)) b.optional();
        if (d.hasNonNull("name")) b.name(d.get("name").asText());
        if (d.hasNonNull("version")) b.version(d.get("version").asInt());
        if (d.hasNonNull("doc")) b.doc(d.get("doc").asText());
        if (d.hasNonNull("params")) {
            for (Map.Entry<String, JsonNode> p : d.get("params").properties()) b.parameter(p.getKey(), p.getValue().asText());
        }
        if (d.hasNonNull("default")) b.defaultValue(value(b, d.get("default")));
        return b.build();
    }

    static Object value(Schema s, JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (s == null) return tagged(v);
        String name = s.name();
        if (Decimal.LOGICAL_NAME.equals(name)) return new BigDecimal(v.asText());
        if (Date.LOGICAL_NAME.equals(name)) return new java.util.Date(v.asLong() * 86_400_000L);
        if (Time.LOGICAL_NAME.equals(name)) return new java.util.Date(v.asLong());
        if (Timestamp.LOGICAL_NAME.equals(name)) return new java.util.Date(Long.parseLong(v.asText()));
        switch (s.type()) {
            case INT8: return (byte) v.asInt();
            case INT16: return (short) v.asInt();
            case INT32: return v.asInt();
            case INT64: return Long.parseLong(v.asText());
            case FLOAT32: return Float.intBitsToFloat(Integer.parseUnsignedInt(v.asText(), 16));
            case FLOAT64: return Double.longBitsToDouble(Long.parseUnsignedLong(v.asText(), 16));
            case BOOLEAN: return v.asBoolean();
            case STRING: return v.textValue();
            case BYTES: return Base64.getDecoder().decode(v.asText());
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonNode e : v) list.add(value(s.valueSchema(), e));
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonNode e : v) map.put(value(s.keySchema(), e.get(0)), value(s.valueSchema(), e.get(1)));
                return map;
            }
            case STRUCT: {
                Struct struct = new Struct(s);
                for (Field f : s.fields()) {
                    JsonNode fv = v.get(f.name());
                    if (fv != null && !fv.isNull()) struct.put(f, value(f.schema(), fv));
                }
                return struct;
            }
            default: throw new IllegalArgumentException("unknown type " + s.type());
        }
    }

    static Object tagged(JsonNode v) {
        JsonNode x = v.get("v");
        switch (v.get("t").asText()) {
            case "null": return null;
            case "string": return x.textValue();
            case "int32": return x.asInt();
            case "int64": return Long.parseLong(x.asText());
            case "float32": return Float.intBitsToFloat(Integer.parseUnsignedInt(x.asText(), 16));
            case "float64": return Double.longBitsToDouble(Long.parseUnsignedLong(x.asText(), 16));
            case "boolean": return x.asBoolean();
            case "bytes": return Base64.getDecoder().decode(x.asText());
            case "array": {
                List<Object> list = new ArrayList<>();
                for (JsonNode e : x) list.add(tagged(e));
                return list;
            }
            case "map": {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonNode e : x) map.put(tagged(e.get(0)), tagged(e.get(1)));
                return map;
            }
            default: throw new IllegalArgumentException("unknown tag " + v);
        }
    }
}
