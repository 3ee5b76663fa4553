package dev.modelkit.model.profile;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;

/**
 * Model sizes for testing how creation time scales: eight sizes from just above TINY to about
 * twice MEDIUM, grown one way at a time so a bend in the curve can be pinned on width or depth.
 * Three presets are too few to test a line (any three points fit one well enough).
 */
public final class ScalingSweep {

    /** Widths of the width sweep (MEDIUM's depth, 4 heads): 0.7 M to 21.7 M parameters. */
    static final int[] WIDTHS = {96, 160, 224, 288, 352, 416, 480, 544};
    /** Depths of the depth sweep (MEDIUM's width): 1.9 M to 21.4 M parameters. */
    static final int[] DEPTHS = {1, 2, 3, 4, 6, 8, 10, 12};

    private ScalingSweep() {
    }

    /** MEDIUM with d_model from 96 to 544 (4 heads), everything else as the preset. */
    public static ModelConfig[] byWidth() {
        ModelConfig[] out = new ModelConfig[WIDTHS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Transformer.builder().preset(Preset.MEDIUM).dModel(WIDTHS[i]).heads(4).config();
        }
        return out;
    }

    /** MEDIUM with 1 to 12 layers, everything else as the preset. */
    public static ModelConfig[] byDepth() {
        ModelConfig[] out = new ModelConfig[DEPTHS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Transformer.builder().preset(Preset.MEDIUM).layers(DEPTHS[i]).config();
        }
        return out;
    }
}
