/*
 * A small source connector for the REST comparison with a real Kafka Connect worker
 * (test/integration/rest-compat.test.ts). It exists because the registry this project reaches does not serve
 * connect-file 4.4.0 (FileStreamSourceConnector). It defines a required property, a password and a number,
 * so validation answers have the same kinds of entries as the SQS connector's, and its task produces nothing.
 */
package local.sqsconnect.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

public class CompatSourceConnector extends SourceConnector {
    static final ConfigDef CONFIG = new ConfigDef()
        .define("compat.topic", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
            "Topic the records would go to.", "Compat", 1, ConfigDef.Width.LONG, "Topic")
        .define("compat.password", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
            "A secret, shown as [hidden].", "Compat", 2, ConfigDef.Width.MEDIUM, "Password")
        .define("compat.batch", ConfigDef.Type.INT, 10, ConfigDef.Range.between(1, 100), ConfigDef.Importance.LOW,
            "Records per poll.", "Compat", 3, ConfigDef.Width.SHORT, "Batch");

    private Map<String, String> props;

    @Override public String version() { return "1.0.0"; }
    @Override public void start(Map<String, String> props) { this.props = props; }
    @Override public Class<? extends Task> taskClass() { return CompatSourceTask.class; }
    @Override public void stop() { }
    @Override public ConfigDef config() { return CONFIG; }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) configs.add(props);
        return configs;
    }

    /** Polls nothing, slowly, so the worker stays idle. */
    public static class CompatSourceTask extends SourceTask {
        @Override public String version() { return "1.0.0"; }
        @Override public void start(Map<String, String> props) { }
        @Override public void stop() { }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            Thread.sleep(200);
            return null;
        }
    }
}
