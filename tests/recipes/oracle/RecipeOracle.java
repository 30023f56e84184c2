// Our own driver (not third-party code): asks aws-greengrass-component-common, the recipe library the
// Greengrass nucleus and service use, for its verdict on each recipe of the corpus.
//
// It parses exactly as the nucleus's RecipeLoader.parseRecipe does (aws-greengrass-nucleus,
// src/main/java/com/aws/greengrass/componentmanager/converter/RecipeLoader.java): the library's
// SerializerFactory mapper with FAIL_ON_UNKNOWN_PROPERTIES disabled, read into ComponentRecipe.
// For every accepted recipe it records the data read, written back by the library's own JSON mapper.
//
// Input on stdin: one JSON object per line, {"id": ..., "format": "json"|"yaml", "text": ...}.
// Output on stdout: one JSON object per line, {"id", "accepted", "error" | "data", "json_mapper"}.
// Build and run: see README.md next to this file.
import com.amazon.aws.iot.greengrass.component.common.ComponentRecipe;
import com.amazon.aws.iot.greengrass.component.common.SerializerFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

public final class RecipeOracle {
    private RecipeOracle() {
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > 240) {
            message = message.substring(0, 240);
        }
        return root.getClass().getSimpleName() + ": " + message;
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper yaml = SerializerFactory.getRecipeSerializer()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ObjectMapper json = SerializerFactory.getRecipeSerializerJson()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode row = plain.readTree(line);
            String text = row.get("text").asText();
            ObjectNode result = plain.createObjectNode();
            result.put("id", row.get("id").asText());
            try {
                ComponentRecipe recipe = yaml.readValue(text, ComponentRecipe.class);
                JsonNode data = plain.readTree(json.writeValueAsString(recipe));
                result.put("accepted", true);
                result.set("data", data);
            } catch (Exception error) {
                result.put("accepted", false);
                result.put("error", describe(error));
            }
            if ("json".equals(row.path("format").asText())) {
                try {
                    json.readValue(text, ComponentRecipe.class);
                    result.put("json_mapper", true);
                } catch (Exception error) {
                    result.put("json_mapper", false);
                }
            }
            out.println(plain.writeValueAsString(result));
        }
        out.flush();
    }
}
