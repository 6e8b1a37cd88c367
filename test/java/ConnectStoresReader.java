// Reads a Connect cluster's config and status topics with Kafka Connect's own KafkaConfigBackingStore and
// KafkaStatusBackingStore and prints what they understood, one "key<TAB>value" line per fact, for the
// distributed test to compare with what our workers wrote.
// Usage: ConnectStoresReader <bootstrap> <group.id> <config topic> <offset topic> <status topic>
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.runtime.ConnectorStatus;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.TopicAdmin;

public class ConnectStoresReader {
    public static void main(String[] args) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", args[1]);
        props.put("config.storage.topic", args[2]);
        props.put("offset.storage.topic", args[3]);
        props.put("status.storage.topic", args[4]);
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        DistributedConfig config = new DistributedConfig(props);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        Map<String, Object> adminProps = new HashMap<>();
        adminProps.put("bootstrap.servers", args[0]);

        KafkaConfigBackingStore configs = new KafkaConfigBackingStore(converter, config, null, () -> new TopicAdmin(adminProps), "compat-reader");
        configs.setUpdateListener(new NoUpdates());
        configs.start();
        ClusterConfigState state = configs.snapshot();
        for (String name : new TreeSet<>(state.connectors())) {
            System.out.println("connector." + name + ".config\t" + new java.util.TreeMap<>(state.rawConnectorConfig(name)));
            System.out.println("connector." + name + ".target\t" + state.targetState(name));
            System.out.println("connector." + name + ".tasks\t" + state.taskCount(name));
            for (ConnectorTaskId id : state.tasks(name)) {
                System.out.println("task." + name + "." + id.task() + ".class\t" + state.rawTaskConfig(id).get("task.class"));
            }
        }
        System.out.println("inconsistent\t" + state.inconsistentConnectors());
        configs.stop();

        KafkaStatusBackingStore statuses = new KafkaStatusBackingStore(Time.SYSTEM, converter, () -> new TopicAdmin(adminProps), "compat-reader");
        statuses.configure(config);
        statuses.start();
        for (String name : new TreeSet<>(state.connectors())) {
            ConnectorStatus connector = statuses.get(name);
            if (connector != null) System.out.println("status." + name + "\t" + connector.state() + " " + connector.workerId() + " " + connector.generation() + " " + connector.version());
            for (TaskStatus task : statuses.getAll(name)) {
                System.out.println("status." + name + "." + task.id().task() + "\t" + task.state() + " " + task.workerId() + " " + task.generation() + " " + task.version());
            }
        }
        statuses.stop();
    }

    static class NoUpdates implements org.apache.kafka.connect.storage.ConfigBackingStore.UpdateListener {
        public void onConnectorConfigRemove(String connector) { }
        public void onConnectorConfigUpdate(String connector) { }
        public void onTaskConfigUpdate(java.util.Collection<ConnectorTaskId> tasks) { }
        public void onConnectorTargetStateChange(String connector) { }
        public void onSessionKeyUpdate(org.apache.kafka.connect.runtime.SessionKey sessionKey) { }
        public void onRestartRequest(org.apache.kafka.connect.runtime.RestartRequest restartRequest) { }
        public void onLoggingLevelUpdate(String namespace, String level) { }
    }
}
