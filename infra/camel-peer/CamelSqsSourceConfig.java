package local.sqsconnect.bench.camel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the Camel peer. The names are those of Camel's Kafka Connector aws-sqs-source (its kamelet options
 * under camel.kamelet.aws-sqs-source.*, its task options under camel.source.*), with the same defaults, so a
 * properties file for that connector reads the same here.
 */
final class CamelSqsSourceConfig extends AbstractConfig {
    static final String VERSION = "4.18.0-peer";
    static final String KAMELET = "camel.kamelet.aws-sqs-source.";
    static final String TOPICS = "topics";
    static final String MAX_BATCH_POLL_SIZE = "camel.source.maxBatchPollSize";
    static final String MAX_POLL_DURATION = "camel.source.maxPollDuration";
    static final String MAX_NOT_COMMITTED = "camel.source.maxNotCommittedRecords";
    static final String QUEUE_SIZE = "camel.source.pollingConsumerQueueSize";
    static final String BLOCK_TIMEOUT = "camel.source.pollingConsumerBlockTimeout";
    static final String BLOCK_WHEN_FULL = "camel.source.pollingConsumerBlockWhenFull";
    static final String MAP_HEADERS = "camel.map.headers";
    /** A Camel component option (camel.component.*), which Camel's Kafka Connector passes to the Camel context. */
    static final String SEDA_BLOCK_WHEN_FULL = "camel.component.seda.defaultBlockWhenFull";
    /** The aws2-sqs component's parallel receive loops per consumer (not a kamelet option, a component one). */
    static final String CONCURRENT_CONSUMERS = "camel.component.aws2-sqs.concurrentConsumers";

    /** Kamelet options passed to the aws2-sqs endpoint as they are (name, default; null: left out when unset). */
    private static final String[][] ENDPOINT_OPTIONS = {
        {"queueURL", null}, {"region", null}, {"accessKey", null}, {"secretKey", null},
        {"overrideEndpoint", "false"}, {"uriEndpointOverride", null}, {"autoCreateQueue", "false"},
        {"deleteAfterRead", "true"}, {"maxMessagesPerPoll", "1"}, {"greedy", "false"}, {"delay", "500"},
        {"waitTimeSeconds", null}, {"visibilityTimeout", null}
    };

    static final ConfigDef DEFINITION = define();

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
            .define(TOPICS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "The Kafka topic to write to.")
            .define(KAMELET + "queueNameOrArn", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "The SQS queue name or ARN.")
            .define(MAX_BATCH_POLL_SIZE, Type.LONG, 1000L, Importance.MEDIUM, "Most records one poll() returns.")
            .define(MAX_POLL_DURATION, Type.LONG, 1000L, Importance.MEDIUM, "Longest time in ms one poll() collects records.")
            .define(MAX_NOT_COMMITTED, Type.INT, 1024, Importance.MEDIUM, "Most records handed to Connect and not yet acknowledged.")
            .define(QUEUE_SIZE, Type.LONG, 1000L, Importance.MEDIUM, "Capacity of the in-memory queue between Camel and poll().")
            .define(BLOCK_TIMEOUT, Type.LONG, 0L, Importance.MEDIUM, "How long Camel waits for room in that queue (0: forever).")
            .define(BLOCK_WHEN_FULL, Type.BOOLEAN, true, Importance.MEDIUM, "Whether Camel waits for room in that queue.")
            .define(MAP_HEADERS, Type.BOOLEAN, true, Importance.MEDIUM, "Copy Camel message headers to record headers (CamelHeader.*).")
            .define(SEDA_BLOCK_WHEN_FULL, Type.BOOLEAN, false, Importance.MEDIUM,
                "Whether the route waits for room in seda:end instead of failing the exchange with 'Queue full'.")
            .define(CONCURRENT_CONSUMERS, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Parallel ReceiveMessage loops of each task's SQS consumer.");
        for (String[] option : ENDPOINT_OPTIONS) {
            Type type = option[0].endsWith("Key") ? Type.PASSWORD : Type.STRING;
            def.define(KAMELET + option[0], type, option[1], Importance.MEDIUM, "aws2-sqs endpoint option " + option[0] + ".");
        }
        return def;
    }

    CamelSqsSourceConfig(Map<String, String> props) {
        super(DEFINITION, props);
    }

    List<String> topics() {
        return List.of(getString(TOPICS).split(","));
    }

    /** The aws2-sqs URI the kamelet would build; keys go in RAW() so no character of them is re-encoded. */
    String endpointUri() {
        StringJoiner query = new StringJoiner("&");
        for (String[] option : ENDPOINT_OPTIONS) {
            String key = KAMELET + option[0];
            Object value = option[0].endsWith("Key") ? (getPassword(key) == null ? null : getPassword(key).value()) : getString(key);
            if (value == null) continue;
            String text = value.toString();
            query.add(option[0] + "=" + (option[0].endsWith("Key") ? "RAW(" + text + ")" : URLEncoder.encode(text, StandardCharsets.UTF_8)));
        }
        query.add("concurrentConsumers=" + getInt(CONCURRENT_CONSUMERS));
        return "aws2-sqs:" + getString(KAMELET + "queueNameOrArn") + "?" + query;
    }

    /** The in-memory hand-off between the Camel route and poll(), as the Camel connector names it. */
    String localUri() {
        return "seda:end?pollingConsumerQueueSize=" + getLong(QUEUE_SIZE)
            + "&pollingConsumerBlockTimeout=" + getLong(BLOCK_TIMEOUT)
            + "&pollingConsumerBlockWhenFull=" + getBoolean(BLOCK_WHEN_FULL);
    }
}
