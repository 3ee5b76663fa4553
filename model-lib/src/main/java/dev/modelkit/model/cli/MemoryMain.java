package dev.modelkit.model.cli;

import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;

/**
 * Prints a measured memory report:
 * {@code java -cp model-lib/target/classes dev.modelkit.model.cli.MemoryMain medium 8 128 [optimizer]}.
 * The analytic part is for the given optimizer (default AdamW); the measured part covers
 * creation, inference forward and the KV cache, and for a training optimizer the first training
 * forward (activation arena), the first backward (gradients) and the first AdamW step (m, v).
 */
public final class MemoryMain {

    private MemoryMain() {
    }

    public static void main(String[] args) {
        if (args.length > 4) {
            System.err.println("usage: MemoryMain [tiny|small|medium] [batch] [sequence] [none|sgd|sgd_momentum|adamw]");
            System.exit(2);
        }
        Preset preset = Preset.parse(args.length > 0 ? args[0] : "medium");
        int batch = args.length > 1 ? parseInt("batch", args[1]) : 8;
        int sequence = args.length > 2 ? parseInt("sequence", args[2]) : preset.config().contextLength();
        Optimizer optimizer = args.length > 3 ? Optimizer.parse(args[3]) : Optimizer.ADAMW;
        MemoryReport r = MemoryModel.of(preset.config()).batch(batch).sequence(sequence).optimizer(optimizer)
                .measure().report();
        System.out.print(r);
        System.out.printf("%n  JVM: %s %s, %s; %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.arch"), r.jvm());
    }

    private static int parseInt(String field, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " = '" + s + "' is not a number; allowed: 1.."
                    + Integer.MAX_VALUE, e);
        }
    }
}
