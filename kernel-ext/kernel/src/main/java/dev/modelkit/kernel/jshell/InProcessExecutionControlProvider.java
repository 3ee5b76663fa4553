package dev.modelkit.kernel.jshell;

import java.util.Map;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell one {@link InProcessExecutionControl} and keeps it for the evaluator. */
final class InProcessExecutionControlProvider implements ExecutionControlProvider {
    private volatile InProcessExecutionControl control;

    @Override
    public String name() {
        return "modelkit-in-process";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        InProcessExecutionControl created = new InProcessExecutionControl();
        control = created;
        return created;
    }

    InProcessExecutionControl control() {
        InProcessExecutionControl c = control;
        if (c == null) {
            throw new IllegalStateException("JShell has not created its execution control yet");
        }
        return c;
    }
}
