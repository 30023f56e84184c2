// Our own driver (not part of semver4j): prints the device's verdicts for requirement/version pairs.
// Build semver4j 3.1.0 from its public source in /tmp first; see tests/resolver/data/README.md.
// Input lines: "requirement<TAB>version" (mode "pairs") or "req1 ;; req2 ;; ...<TAB>version" ("merged").
// Requirements and versions are written with \t, \n and \\ escaped, so that tabs survive.
import com.vdurmont.semver4j.Requirement;
import com.vdurmont.semver4j.Semver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

public final class DeviceVerdicts {
    private DeviceVerdicts() {
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    static String run(Callable<Object> call) {
        try {
            return escape(String.valueOf(call.call()));
        } catch (Throwable e) {
            return "error:" + e.getClass().getSimpleName() + ":" + escape(String.valueOf(e.getMessage()));
        }
    }

    public static void main(String[] args) throws Exception {
        boolean merged = args.length > 0 && args[0].equals("merged");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        out.println(merged ? "requirements (joined by ' ;; ')\tversion\tdevice_merged"
                : "requirement\tversion\tsemver4j_direct\tdevice\tdevice_stored_form");
        String line;
        while ((line = in.readLine()) != null) {
            String[] cols = line.split("\t", -1);
            String req = unescape(cols[0]);
            String version = unescape(cols[1]);
            if (merged) {
                String verdict = run(() -> {
                    List<String> stored = new ArrayList<>();
                    for (String part : req.split(" ;; ", -1)) {
                        stored.add(Requirement.buildNPM(part).toString());
                    }
                    return Requirement.buildNPM(String.join(" ", stored))
                            .isSatisfiedBy(new Semver(version, Semver.SemverType.NPM));
                });
                out.println(cols[0] + "\t" + cols[1] + "\t" + verdict);
            } else {
                String direct = run(() -> Requirement.buildNPM(req)
                        .isSatisfiedBy(new Semver(version, Semver.SemverType.NPM)));
                String device = run(() -> Requirement.buildNPM(Requirement.buildNPM(req).toString())
                        .isSatisfiedBy(new Semver(version, Semver.SemverType.NPM)));
                String stored = run(() -> Requirement.buildNPM(req).toString());
                out.println(cols[0] + "\t" + cols[1] + "\t" + direct + "\t" + device + "\t" + stored);
            }
        }
        out.flush();
    }
}
