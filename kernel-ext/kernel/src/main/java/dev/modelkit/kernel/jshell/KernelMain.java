package dev.modelkit.kernel.jshell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.modelkit.kernel.wire.WireConnection;

/**
 * Entry point of {@code modelkit-kernel.jar}: {@code <connection-file>} runs the kernel (this is
 * what Jupyter calls), {@code install ...} writes a kernelspec, {@code --help} explains both.
 */
public final class KernelMain {
    static final String USAGE = """
            ModelKit Java kernel (IJava-compatible), version %s

            Usage:
              java -jar modelkit-kernel.jar <connection-file>
                  Run the kernel; Jupyter does this with the argv of the installed kernelspec.
              java -jar modelkit-kernel.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                                                    [--display-name TEXT] [--java PATH]
                  Write a kernelspec (kernel.json plus a copy of this jar) into
                    --user        DATA_DIR/kernels/NAME (default), DATA_DIR as `jupyter --data-dir` says: env
                                  JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else $HOME/.local/share/jupyter
                    --sys-prefix  SYS_PREFIX/share/jupyter/kernels/NAME, SYS_PREFIX being env
                                  MODELKIT_SYS_PREFIX or sys.prefix of the Python behind the jupyter on PATH
                    --prefix DIR  DIR/share/jupyter/kernels/NAME
                  --name          kernelspec name (default: modelkit)
                  --display-name  name shown by Jupyter (default: Java (ModelKit))
                  --java          java launcher in kernel.json (default: this JVM's)
                  Env MODELKIT_KERNEL_HEAP sets the kernel's heap flags (default: -Xmx2g).
              java -jar modelkit-kernel.jar --warm-up
                  Self-check without Jupyter: start JShell, evaluate one cell, print the result.
              java -jar modelkit-kernel.jar --help
            """;

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
            System.out.print(String.format(USAGE, KernelResources.version()));
            System.exit(args.length == 0 ? 2 : 0);
        }
        if (args[0].equals("install")) {
            try {
                Path dir = KernelInstaller.parse(Arrays.copyOfRange(args, 1, args.length)).install();
                System.out.println("Installed kernelspec in " + dir);
                System.exit(0);
            } catch (IllegalArgumentException e) {
                System.err.println("install: " + e.getMessage());
                System.err.println("Run with --help for the options.");
                System.exit(2);
            }
        }
        if (args[0].equals("--warm-up")) {
            warmUp();
            System.exit(0);
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("Unknown arguments " + Arrays.toString(args) + "; run with --help.");
            System.exit(2);
        }
        exitWithParent();
        run(Path.of(args[0]));
        System.exit(0); // non-daemon threads of libraries must not keep a shut-down kernel alive
    }

    /**
     * Ends the kernel when the Jupyter process that started it is gone (jupyter_client sets
     * JPY_PARENT_PID), as IPython's kernel does: a crashed or killed client must not leave an
     * orphaned JVM behind, least of all one spinning in a cell.
     */
    private static void exitWithParent() {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null || !parent.strip().matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent.strip())).ifPresentOrElse(
                p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
    }

    /**
     * Starts JShell and evaluates one cell without Jupyter: a self-check of the jar (JShell works,
     * model-lib and the extension load) and a way to time the in-JVM part of start-up.
     */
    private static void warmUp() throws Exception {
        ModelKitKernel kernel = ModelKitKernel.fromEnvironment();
        kernel.installExtension();
        Object v = kernel.evalRaw("import dev.modelkit.model.*;\nPreset.TINY.config().parameterCount()");
        System.out.println("JShell ok, TINY parameters = " + v + "; " + kernel);
        // What a first notebook does next: declare a model and show it. The install-time start-up
        // archive (CdsArchive) records the classes this loads, so a fresh kernel maps them.
        kernel.eval("var warmUpModel = Transformer.builder().preset(Preset.MEDIUM).build();\nwarmUpModel");
        Class.forName(dev.modelkit.kernel.wire.WireConnection.class.getName());
        org.zeromq.ZMQ.context(1).close();
        kernel.onShutdown(false);
    }

    private static void run(Path connectionFile) throws IOException, java.security.GeneralSecurityException {
        // basekernel logs every message at INFO; the Jupyter server's console only needs problems.
        java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        WireConnection connection;
        try {
            connection = WireConnection.open(connectionFile, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("modelkit kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        ModelKitKernel kernel = ModelKitKernel.fromEnvironment();
        System.err.println(kernel.installExtension());
        connection.serve(kernel, kernel::takeExecutionCount, "modelkit", KernelResources.version());
        connection.connect();
        connection.waitUntilClose();
    }
}
