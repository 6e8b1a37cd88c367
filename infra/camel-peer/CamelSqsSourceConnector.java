package local.sqsconnect.bench.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The Camel peer of the benchmark: a Kafka Connect source connector that runs Apache Camel's aws2-sqs consumer,
 * built the way Camel's Kafka Connector aws-sqs-source is (whose own artifacts this project cannot download).
 * Every task gets the same settings and runs a Camel context of its own, so tasks.max is the number of SQS consumers.
 */
public class CamelSqsSourceConnector extends SourceConnector {
    private Map<String, String> settings;

    @Override
    public String version() {
        return CamelSqsSourceConfig.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        CamelSqsSourceConfig.DEFINITION.parse(props);
        settings = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CamelSqsSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) configs.add(settings);
        return configs;
    }

    @Override
    public void stop() {
        settings = null;
    }

    @Override
    public ConfigDef config() {
        return CamelSqsSourceConfig.DEFINITION;
    }
}
