package dev.modelkit.kernel.jshell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** --sys-prefix follows the Jupyter on PATH (Binder's conda, a venv), not a fixed python. */
class SysPrefixTest {

    @TempDir
    Path tmp;

    private Path jupyter(String dir, String shebang) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        Path j = d.resolve("jupyter");
        Files.writeString(j, shebang + "\nimport sys\n");
        Files.setPosixFilePermissions(j, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    @Test
    void readsTheInterpreterOfTheFirstJupyterOnPath() throws IOException {
        Path conda = jupyter("conda", "#!/srv/conda/envs/notebook/bin/python3.10");
        Path debian = jupyter("debian", "#!/usr/bin/python3");
        assertEquals("/srv/conda/envs/notebook/bin/python3.10",
                KernelInstaller.jupyterPython(conda + File.pathSeparator + debian));
        assertEquals("/usr/bin/python3", KernelInstaller.jupyterPython(debian + File.pathSeparator + conda));
    }

    @Test
    void followsEnvShebangsAndFallsBackWithoutJupyter() throws IOException {
        Path venv = jupyter("venv", "#!/usr/bin/env python3.11");
        assertEquals("python3.11", KernelInstaller.jupyterPython(venv.toString()));
        String fallback = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        assertEquals(fallback, KernelInstaller.jupyterPython(tmp.resolve("empty").toString()));
        assertEquals(fallback, KernelInstaller.jupyterPython(null));
    }
}
