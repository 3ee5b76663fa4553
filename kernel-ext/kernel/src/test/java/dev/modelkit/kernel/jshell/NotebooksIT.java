package dev.modelkit.kernel.jshell;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's notebooks, executed top to bottom by real Jupyter ({@code nbconvert --execute})
 * on the kernel installed with the real installer: any error output fails the build. Also the
 * extension's magics in a real notebook run.
 */
class NotebooksIT {

    @TempDir
    static Path tmp;
    static Map<String, String> env;

    @BeforeAll
    static void install() throws IOException {
        Jupyter.assume();
        Jupyter.installKernel(tmp, "-Xmx2g");
        env = Jupyter.jupyterEnv(tmp);
    }

    static Path notebooksDir() {
        return Path.of(System.getProperty("modelkit.notebooks.dir", "../notebooks")).toAbsolutePath().normalize();
    }

    /** Executes a notebook into tmp with the test kernelspec; returns the executed notebook. */
    static JsonObject execute(Path notebook) throws IOException {
        Path out = tmp.resolve("executed-" + notebook.getFileName());
        Jupyter.Result r = Jupyter.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + Jupyter.KERNEL_NAME,
                "--ExecutePreprocessor.timeout=900",
                "--output-dir", tmp.toString(), "--output", out.getFileName().toString(), notebook.toString()),
                env, 1800);
        assertEquals(0, r.exit(), notebook.getFileName() + " failed to execute:\n" + r.out());
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }

    static List<JsonObject> codeCells(JsonObject nb) {
        List<JsonObject> cells = new ArrayList<>();
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            if (c.getAsJsonObject().get("cell_type").getAsString().equals("code")) {
                cells.add(c.getAsJsonObject());
            }
        }
        return cells;
    }

    @Test
    void everyNotebookRunsTopToBottomWithoutAnError() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(notebooksDir())) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 4, "expected the project's notebooks in " + notebooksDir() + ": " + notebooks);
        List<String> rawFloats = new ArrayList<>();
        for (Path notebook : notebooks) {
            JsonObject executed = execute(notebook);
            rawFloats.addAll(unformattedFloats(notebook.getFileName().toString(), executed));
            for (JsonObject cell : codeCells(executed)) {
                assertFalse(cell.get("execution_count").isJsonNull(), notebook.getFileName() + ": a cell did not run");
                for (JsonElement o : cell.getAsJsonArray("outputs")) {
                    JsonObject out = o.getAsJsonObject();
                    assertFalse(out.get("output_type").getAsString().equals("error"),
                            notebook.getFileName() + ": error output " + out + " in cell " + cell.get("source"));
                    if (out.get("output_type").getAsString().equals("stream")) {
                        assertFalse(out.get("name").getAsString().equals("stderr")
                                        && text(out.get("text")).contains("Exception"),
                                notebook.getFileName() + ": exception on stderr " + out);
                    }
                }
            }
        }
        assertTrue(rawFloats.isEmpty(), "unformatted floats in the notebooks' output:\n" + String.join("\n", rawFloats));
    }

    /** A double printed as Java prints it (0.054890219560878244), or in exponent form: never for a reader. */
    static final java.util.regex.Pattern RAW_FLOAT = java.util.regex.Pattern.compile("\\d\\.\\d{5,}|\\d\\.\\d+E-?\\d+");

    /** Every HTML and text output (not images) that shows a raw float, with the notebook and cell named. */
    static List<String> unformattedFloats(String notebook, JsonObject executed) {
        List<String> found = new ArrayList<>();
        List<JsonObject> cells = codeCells(executed);
        for (int c = 0; c < cells.size(); c++) {
            for (JsonElement o : cells.get(c).getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                List<String> texts = new ArrayList<>();
                if (out.has("text")) {
                    texts.add(text(out.get("text")));
                }
                if (out.has("data")) {
                    JsonObject data = out.getAsJsonObject("data");
                    for (String mime : List.of("text/html", "text/plain")) {
                        if (data.has(mime)) {
                            texts.add(text(data.get(mime)));
                        }
                    }
                }
                for (String t : texts) {
                    java.util.regex.Matcher m = RAW_FLOAT.matcher(t);
                    if (m.find()) {
                        int from = Math.max(0, m.start() - 40), to = Math.min(t.length(), m.end() + 20);
                        found.add(notebook + " code cell " + (c + 1) + ": …" + t.substring(from, to).replace('\n', ' ') + "…");
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theFloatCheckCatchesARawDoubleAndPassesFormattedOnes() {
        JsonObject nb = JsonParser.parseString("""
                {"cells": [{"cell_type": "code", "execution_count": 1, "source": "x", "outputs": [
                  {"output_type": "display_data", "data": {"text/html": "<td>0.054890219560878244</td>", "text/plain": "5.5%"}},
                  {"output_type": "stream", "name": "stdout", "text": "median 12.345 ms, 1,234.5 MB, 3.0E-4"}]}]}
                """).getAsJsonObject();
        List<String> found = unformattedFloats("t.ipynb", nb);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).contains("0.054890219560878244"), found.toString());
    }

    @Test
    void magicsShowRichOutputInARealNotebookRun() throws IOException {
        Path nb = tmp.resolve("magics.ipynb");
        Files.writeString(nb, """
                {"cells": [
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "%model tiny name=m"},
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "m.parameterCount()"},
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "%memory tiny batch=2 seq=16 optimizer=adamw"},
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "%bench tiny --warmup 0 --runs 2 --init lazy --no-grads"}
                 ],
                 "metadata": {"kernelspec": {"name": "KERNEL", "display_name": "Java (ModelKit)", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """.replace("KERNEL", Jupyter.KERNEL_NAME));
        List<JsonObject> cells = codeCells(execute(nb));

        JsonObject summary = firstDisplay(cells.get(0));
        assertTrue(text(summary.get("text/html")).contains("417,792"), summary.toString());
        assertEquals("417792", text(cells.get(1).getAsJsonArray("outputs").get(0).getAsJsonObject()
                .getAsJsonObject("data").get("text/plain")));
        assertTrue(text(firstDisplay(cells.get(2)).get("text/html")).contains("training with ADAMW"));
        JsonArray bench = cells.get(3).getAsJsonArray("outputs");
        // The progress bar (updated in place to its final state), then the profile.
        assertEquals(2, bench.size(), bench.toString());
        assertTrue(text(bench.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain")).contains("2/2"), bench.toString());
        assertTrue(text(bench.get(1).getAsJsonObject().getAsJsonObject("data").get("text/html")).contains("creation summary"));
    }

    private static JsonObject firstDisplay(JsonObject cell) {
        for (JsonElement o : cell.getAsJsonArray("outputs")) {
            if (o.getAsJsonObject().get("output_type").getAsString().equals("display_data")) {
                return o.getAsJsonObject().getAsJsonObject("data");
            }
        }
        throw new AssertionError("no display_data in " + cell);
    }

    /** Notebook text fields are a string or a list of lines. */
    private static String text(JsonElement e) {
        assertNotNull(e);
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            e.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
            return sb.toString();
        }
        return e.getAsString();
    }
}
