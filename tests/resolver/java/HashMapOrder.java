// Our own driver: replays operations on a java.util.HashMap<String, String> and prints its iteration
// order, for tests/resolver/test_java_hashmap.py. One scenario per input line, operations separated by
// tabs: "+key" puts, "-key" removes, "=" replaces the map by new HashMap<>(map). Prints the keys
// in iteration order, tab-separated, one line per scenario.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

public final class HashMapOrder {
    private HashMapOrder() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            Map<String, String> map = new HashMap<>();
            for (String op : line.split("\t", -1)) {
                if (op.startsWith("+")) {
                    map.put(op.substring(1), op);
                } else if (op.startsWith("-")) {
                    map.remove(op.substring(1));
                } else if (op.equals("=")) {
                    map = new HashMap<>(map);
                }
            }
            out.println(String.join("\t", map.keySet()));
        }
        out.flush();
    }
}
