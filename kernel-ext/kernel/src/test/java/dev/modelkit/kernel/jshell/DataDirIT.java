package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code install --user} under a given environment, then Jupyter itself, in that environment, finding the kernel. */
class DataDirIT {
    @TempDir
    Path tmp;

    /** Installs with env, then asks Jupyter (same env) where its data dir is and which kernels it sees. */
    private void installedKernelIsListedByJupyter(Map<String, String> userEnv, Path expectedDataDir) throws Exception {
        Map<String, String> env = new HashMap<>(userEnv);
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");   // else a debugger warning precedes the JSON
        Jupyter.Result install = Jupyter.run(List.of(Jupyter.javaBin(), "-jar", Jupyter.kernelJar().toString(), "install",
                "--user", "--name", "mk-datadir"), env, 60);
        assertEquals(0, install.exit(), install.out());
        assertTrue(Files.isRegularFile(expectedDataDir.resolve("kernels/mk-datadir/kernel.json")), install.out());

        Jupyter.assume();
        Jupyter.Result dataDir = Jupyter.run(List.of("/usr/bin/jupyter", "--data-dir"), env, 60);
        assertEquals(expectedDataDir.toRealPath().toString(), dataDir.out().strip());
        Jupyter.Result list = Jupyter.run(List.of("/usr/bin/jupyter", "kernelspec", "list", "--json"), env, 60);
        assertEquals(0, list.exit(), list.out());
        JsonObject specs = JsonParser.parseString(list.out()).getAsJsonObject().getAsJsonObject("kernelspecs");
        assertTrue(specs.has("mk-datadir"), list.out());
        assertEquals(expectedDataDir.resolve("kernels/mk-datadir").toRealPath().toString(),
                specs.getAsJsonObject("mk-datadir").get("resource_dir").getAsString());
    }

    @Test
    void userInstallGoesUnderHomeFromTheEnvironment() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("fresh-home"));
        installedKernelIsListedByJupyter(Map.of("HOME", home.toString(), "XDG_DATA_HOME", "", "JUPYTER_DATA_DIR", ""),
                home.resolve(".local/share/jupyter"));
    }

    @Test
    void userInstallGoesToJupyterDataDir() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path data = tmp.resolve("data");
        installedKernelIsListedByJupyter(Map.of("HOME", home.toString(), "JUPYTER_DATA_DIR", data.toString()), data);
        assertTrue(Files.notExists(home.resolve(".local")), "nothing written under HOME");
    }
}
