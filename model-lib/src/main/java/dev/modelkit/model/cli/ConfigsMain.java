package dev.modelkit.model.cli;

import dev.modelkit.model.ByteSize;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.PublishedModel;
import dev.modelkit.model.memory.DType;
import dev.modelkit.model.memory.Fit;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the exact parameter count, the BF16 weights, the BF16 KV cache per token and the
 * largest batch of full-context sequences whose BF16 inference fits in 24 GB and 80 GB, for Hugging Face configs
 * analytically (nothing is allocated):
 * {@code java -cp model-lib/target/classes dev.modelkit.model.cli.ConfigsMain [config.json ...]};
 * without arguments, the four shipped configs ({@link PublishedModel}).
 */
public final class ConfigsMain {

    private static final long GB = 1_000_000_000L;

    private ConfigsMain() {
    }

    public static void main(String[] args) {
        Map<String, ModelConfig> configs = new LinkedHashMap<>();
        Map<String, Long> published = new LinkedHashMap<>();
        if (args.length == 0) {
            for (PublishedModel m : PublishedModel.values()) {
                configs.put(m.label(), m.config());
                published.put(m.label(), m.publishedParameters());
            }
        } else {
            for (String a : args) {
                configs.put(a, ModelConfig.fromHuggingFace(Path.of(a)));
            }
        }
        System.out.printf(Locale.ROOT, "%-12s %15s %15s %12s %18s %14s %14s%n", "model", "parameters", "published",
                "BF16 weights", "BF16 KV per token", "batch, 24 GB", "batch, 80 GB");
        for (Map.Entry<String, ModelConfig> e : configs.entrySet()) {
            ModelConfig c = e.getValue();
            MemoryReport r = MemoryModel.of(c).dtype(DType.BF16).batch(1).sequence(1).report();
            Long pub = published.get(e.getKey());
            System.out.printf(Locale.ROOT, "%-12s %,15d %15s %12s %,12d B %s %14s %14s%n", e.getKey(),
                    c.parameterCount(), pub == null ? "-" : String.format(Locale.ROOT, "%,d", pub),
                    ByteSize.format(r.weights()), MemoryReport.kvCacheBytesPerToken(c, DType.BF16),
                    String.format(Locale.ROOT, "(%s)", ByteSize.format(MemoryReport.kvCacheBytesPerToken(c, DType.BF16))),
                    batch(c, 24 * GB), batch(c, 80 * GB));
        }
        System.out.printf(Locale.ROOT, "%nKV cache per token = 2 · layers · kvHeads · headDim · 2 B; batch = the most"
                + " full-context sequences whose BF16 inference (weights, workspace, KV cache, (B, T, V) logits) fits;"
                + " GB = 10^9 B.%n");
    }

    private static String batch(ModelConfig c, long bytes) {
        Fit f = MemoryModel.of(c).dtype(DType.BF16).sequence(c.contextLength()).fits(bytes);
        return String.format(Locale.ROOT, "%,d", f.maxBatch());
    }
}
