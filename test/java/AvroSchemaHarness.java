import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * Reads one Avro schema text per line and prints what Apache Avro's Java Schema.toString() makes of it, one
 * line each (or "ERROR <message>"): when ours is Java's layout, the two are equal.
 */
public class AvroSchemaHarness {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      try {
        out.append(new Schema.Parser().parse(line).toString()).append('\n');
      } catch (Exception e) {
        out.append("ERROR ").append(String.valueOf(e.getMessage()).replace('\n', ' ')).append('\n');
      }
    }
    System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
    System.out.flush();
  }
}
