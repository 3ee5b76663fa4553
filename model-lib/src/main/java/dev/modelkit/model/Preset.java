package dev.modelkit.model;

/**
 * The three model sizes of the reference C# library whose creation profile we reproduce.
 * Parameter and tensor counts are exact for the untied layout (LM head separate from the
 * token embedding).
 */
public enum Preset {
    //     vocab  context  dModel  layers  heads   params       tensors
    TINY(  50,    64,      128,    2,      4,      417_792L,    29),
    SMALL( 100,   128,     256,    4,      4,      3_243_520L,  53),
    MEDIUM(100,   128,     384,    6,      6,      10_773_504L, 77);

    private final int vocabSize;
    private final int contextLength;
    private final int dModel;
    private final int layers;
    private final int heads;
    private final long referenceParameters;
    private final int referenceTensors;

    Preset(int vocabSize, int contextLength, int dModel, int layers, int heads,
           long referenceParameters, int referenceTensors) {
        this.vocabSize = vocabSize;
        this.contextLength = contextLength;
        this.dModel = dModel;
        this.layers = layers;
        this.heads = heads;
        this.referenceParameters = referenceParameters;
        this.referenceTensors = referenceTensors;
    }

    /** The preset's architecture with the reference MLP ratio of 4 and untied embeddings. */
    public ModelConfig config() {
        return new ModelConfig(vocabSize, contextLength, dModel, layers, heads, 4, false);
    }

    /** Parameter count published by the reference report (untied). */
    public long referenceParameters() {
        return referenceParameters;
    }

    /** Tensor count published by the reference report (untied). */
    public int referenceTensors() {
        return referenceTensors;
    }

    /** Case-insensitive lookup: {@code "tiny"}, {@code "Small"}, {@code "MEDIUM"}. */
    public static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("preset: unknown value '" + name
                + "'; allowed: tiny, small, medium");
    }
}
