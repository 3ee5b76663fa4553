package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code install --user} writes where Jupyter looks: jupyter_core's data-dir rules, $HOME before the passwd home. */
class DataDirTest {
    static final String PASSWD_HOME = "/home/passwd";

    static Path linux(Map<String, String> env) {
        return KernelInstaller.userDataDir(env, PASSWD_HOME, "Linux");
    }

    @Test
    void jupyterDataDirWinsOverEverything() {
        assertEquals(Path.of("/data/j"), linux(Map.of("JUPYTER_DATA_DIR", "/data/j", "HOME", "/h", "XDG_DATA_HOME", "/x")));
    }

    @Test
    void homeFromTheEnvironmentBeatsThePasswdHome() {
        assertEquals(Path.of("/fresh/home/.local/share/jupyter"), linux(Map.of("HOME", "/fresh/home")));
    }

    @Test
    void xdgDataHomeIsHonouredOnLinux() {
        assertEquals(Path.of("/x/jupyter"), linux(Map.of("HOME", "/h", "XDG_DATA_HOME", "/x")));
    }

    @Test
    void emptyVariablesCountAsUnset() {
        // jupyter_core tests `if env.get(...)`: an empty string is unset.
        assertEquals(Path.of(PASSWD_HOME, ".local/share/jupyter"),
                linux(Map.of("JUPYTER_DATA_DIR", "", "HOME", "", "XDG_DATA_HOME", "")));
    }

    @Test
    void otherPlatformsFollowJupyterToo() {
        assertEquals(Path.of("/Users/a/Library/Jupyter"), KernelInstaller.userDataDir(Map.of("HOME", "/Users/a"), PASSWD_HOME, "Mac OS X"));
        assertEquals(Path.of("C:/Users/a/AppData/Roaming", "jupyter"),
                KernelInstaller.userDataDir(Map.of("APPDATA", "C:/Users/a/AppData/Roaming"), PASSWD_HOME, "Windows 11"));
    }

    @Test
    void userAndDefaultLocationsUseTheDataDirAndPrefixIsUnchanged() {
        // parse() reads this JVM's environment; with no JUPYTER_DATA_DIR in the test JVM the
        // expected path is the rule applied to that same environment.
        Path expected = KernelInstaller.userDataDir(System.getenv(), System.getProperty("user.home"),
                System.getProperty("os.name")).resolve("kernels");
        assertEquals(expected.resolve("modelkit"), KernelInstaller.parse(new String[] {"--user"}).kernelDir());
        assertEquals(expected.resolve("mk"), KernelInstaller.parse(new String[] {"--name", "mk"}).kernelDir());
        assertEquals(Path.of("/opt/p/share/jupyter/kernels/modelkit").toAbsolutePath(),
                KernelInstaller.parse(new String[] {"--prefix", "/opt/p"}).kernelDir());
    }
}
