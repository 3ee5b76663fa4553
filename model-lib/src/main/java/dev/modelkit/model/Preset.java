package dev.modelkit.model;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Named architectures. TINY, SMALL and MEDIUM are the three sizes of the reference C# library
 * whose creation profile we reproduce (GPT-style, untied); {@link #reference()} lists only them.
 * GPT2_SMALL is GPT-2 small (124M) as published; LLAMA_TINY is a Llama-family model of SMALL's
 * size to train on a laptop.
 */
public enum Preset {
    TINY(new ModelConfig(50, 64, 128, 2, 4, 4, false), 417_792L, 29),
    SMALL(new ModelConfig(100, 128, 256, 4, 4, 4, false), 3_243_520L, 53),
    MEDIUM(new ModelConfig(100, 128, 384, 6, 6, 4, false), 10_773_504L, 77),
    /** GPT-2 small: 12 x 768, 12 heads, GELU 4·C, LayerNorm, biases, tied embeddings (HF "gpt2"). */
    GPT2_SMALL(new ModelConfig(50_257, 1_024, 768, 12, 12, 4, true), 124_439_808L, 148),
    /**
     * Llama-style: RMSNorm, SwiGLU, RoPE, grouped-query attention (8 query heads over 2 KV
     * heads, headDim 32), no biases, untied; vocab and context as SMALL. The SwiGLU width 832
     * (3.25·C) puts it within 1% of SMALL's parameter count, so their loss curves compare like
     * for like.
     */
    LLAMA_TINY(ModelConfig.builder().vocabSize(100).contextLength(128).dModel(256).layers(4).heads(8).kvHeads(2)
            .mlp(Mlp.SWIGLU, 832).norm(Norm.RMS_NORM, 1e-5).positions(Positions.ROPE, 10_000).bias(false)
            .tieEmbeddings(false).build(), 3_264_768L, 31);

    private final ModelConfig config;
    private final long referenceParameters;
    private final int referenceTensors;

    Preset(ModelConfig config, long referenceParameters, int referenceTensors) {
        this.config = config;
        this.referenceParameters = referenceParameters;
        this.referenceTensors = referenceTensors;
    }

    /** The preset's architecture. */
    public ModelConfig config() {
        return config;
    }

    /**
     * The parameter count the preset is known by: the reference report's (TINY, SMALL, MEDIUM,
     * untied), GPT-2's published 124,439,808 (tied), and for LLAMA_TINY the count this table pins.
     */
    public long referenceParameters() {
        return referenceParameters;
    }

    /** Tensor count of the preset's layout (for TINY..MEDIUM, as published by the reference report). */
    public int referenceTensors() {
        return referenceTensors;
    }

    /** TINY, SMALL and MEDIUM: the sizes with reference creation profiles, in size order. */
    public static List<Preset> reference() {
        return List.of(TINY, SMALL, MEDIUM);
    }

    /** Case-insensitive lookup: {@code "tiny"}, {@code "Small"}, {@code "gpt2_small"}, {@code "llama-tiny"}. */
    public static Preset parse(String name) {
        String key = name == null ? "" : name.trim().replace('-', '_');
        for (Preset p : values()) {
            if (p.name().equalsIgnoreCase(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("preset: unknown value '" + name + "'; allowed: "
                + Stream.of(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
