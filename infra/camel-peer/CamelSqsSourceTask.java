package local.sqsconnect.bench.camel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.PollingConsumer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.seda.SedaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * One Camel context per task: a route from the aws2-sqs endpoint into seda:end, and poll() draining seda:end
 * through a polling consumer, up to camel.source.maxBatchPollSize records or camel.source.maxPollDuration ms.
 * An exchange handed to Connect waits in a slot (camel.source.maxNotCommittedRecords of them) until commitRecord,
 * which runs the completions handed over with it. The aws2-sqs consumer's delete is one of them: seda:end hands it
 * over to the queued copy, and nothing completes that copy before commitRecord, so the message is deleted (one
 * synchronous DeleteMessage, on the Kafka producer's network thread) after the broker acknowledged the record.
 */
public class CamelSqsSourceTask extends SourceTask {
    static final String HEADER_PREFIX = "CamelHeader.";

    private CamelContext camel;
    private PollingConsumer consumer;
    private List<String> topics;
    private long maxBatchPollSize;
    private long maxPollDuration;
    private boolean mapHeaders;
    private ArrayBlockingQueue<Integer> freeSlots;
    private Exchange[] waitingForAck;

    /** A record that remembers which slot holds its exchange. */
    static final class SlotRecord extends SourceRecord {
        final int slot;

        SlotRecord(Map<String, ?> partition, Map<String, ?> offset, String topic, Schema valueSchema, Object value, long timestamp, int slot) {
            super(partition, offset, topic, null, null, null, valueSchema, value, timestamp);
            this.slot = slot;
        }
    }

    @Override
    public String version() {
        return CamelSqsSourceConfig.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        CamelSqsSourceConfig config = new CamelSqsSourceConfig(props);
        topics = config.topics();
        maxBatchPollSize = config.getLong(CamelSqsSourceConfig.MAX_BATCH_POLL_SIZE);
        maxPollDuration = config.getLong(CamelSqsSourceConfig.MAX_POLL_DURATION);
        mapHeaders = config.getBoolean(CamelSqsSourceConfig.MAP_HEADERS);
        int slots = config.getInt(CamelSqsSourceConfig.MAX_NOT_COMMITTED);
        freeSlots = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) freeSlots.add(i);
        waitingForAck = new Exchange[slots];
        String from = config.endpointUri();
        String local = config.localUri();
        try {
            camel = new DefaultCamelContext();
            camel.getComponent("seda", SedaComponent.class).setDefaultBlockWhenFull(config.getBoolean(CamelSqsSourceConfig.SEDA_BLOCK_WHEN_FULL));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(from).to(local);
                }
            });
            consumer = camel.getEndpoint(local).createPollingConsumer();
            consumer.start();
            camel.start();
        } catch (Exception e) {
            throw new ConnectException("Could not start the Camel context for queue " + props.get(CamelSqsSourceConfig.KAMELET + "queueNameOrArn"), e);
        }
    }

    @Override
    public List<SourceRecord> poll() {
        long began = System.currentTimeMillis();
        long remaining = maxPollDuration;
        List<SourceRecord> records = new ArrayList<>();
        long collected = 0;
        while (collected < maxBatchPollSize && freeSlots.size() >= topics.size() && remaining > 0) {
            Exchange exchange = consumer.receive(remaining);
            if (exchange == null) break;
            Object body = exchange.getMessage().getBody(String.class);
            Map<String, String> partition = Map.of("filename", exchange.getFromEndpoint().getEndpointUri());
            Map<String, String> offset = Map.of("position", exchange.getExchangeId());
            long timestamp = exchange.getClock().getCreated();
            for (String topic : topics) {
                int slot = freeSlots.remove();
                waitingForAck[slot] = exchange;
                SlotRecord record = new SlotRecord(partition, offset, topic, body == null ? null : Schema.STRING_SCHEMA, body, timestamp, slot);
                if (mapHeaders) copyHeaders(exchange.getMessage().getHeaders(), record.headers());
                records.add(record);
            }
            collected++;
            remaining = maxPollDuration - (System.currentTimeMillis() - began);
        }
        return records.isEmpty() ? null : records;
    }

    private static void copyHeaders(Map<String, Object> from, Headers to) {
        for (Map.Entry<String, Object> header : from.entrySet()) {
            String name = HEADER_PREFIX + header.getKey();
            Object value = header.getValue();
            if (value == null) continue;
            if (value instanceof String s) to.addString(name, s);
            else if (value instanceof Boolean b) to.addBoolean(name, b);
            else if (value instanceof Integer i) to.addInt(name, i);
            else if (value instanceof Long l) to.addLong(name, l);
            else if (value instanceof Double d) to.addDouble(name, d);
            else if (value instanceof Float f) to.addFloat(name, f);
            else if (value instanceof Short s) to.addShort(name, s);
            else if (value instanceof Byte b) to.addByte(name, b);
            else if (value instanceof byte[] bytes) to.addBytes(name, bytes);
            else if (value instanceof Date date) to.addTimestamp(name, date);
            else if (value instanceof BigDecimal decimal) to.addDecimal(name, decimal);
            else to.addString(name, String.valueOf(value));
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        int slot = ((SlotRecord) record).slot;
        Exchange exchange = waitingForAck[slot];
        try {
            UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
        } finally {
            waitingForAck[slot] = null;
            freeSlots.add(slot);
        }
    }

    @Override
    public void stop() {
        try {
            if (consumer != null) consumer.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        try {
            if (camel != null) camel.stop();
        } catch (Exception e) {
            throw new ConnectException("Could not stop the Camel context", e);
        }
    }
}
