package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;

/** What a report was computed for; validated by {@link MemoryModel#report()}. */
record MemorySettings(ModelConfig config, long seed, DType dtype, Quantization quantization, int batch, int sequence,
                      Optimizer optimizer, boolean allowBeyondContext, JvmLayout jvm) {

    MemorySettings with(Axis axis, int value) {
        ModelConfig c = config;
        return switch (axis) {
            case BATCH -> new MemorySettings(c, seed, dtype, quantization, value, sequence, optimizer, allowBeyondContext, jvm);
            case SEQUENCE -> new MemorySettings(c, seed, dtype, quantization, batch, value, optimizer, allowBeyondContext, jvm);
            case DMODEL -> new MemorySettings(ModelConfig.builder(c).dModel(value).build(), seed, dtype, quantization, batch, sequence, optimizer,
                    allowBeyondContext, jvm);
            case LAYERS -> new MemorySettings(ModelConfig.builder(c).layers(value).build(), seed, dtype, quantization, batch, sequence, optimizer,
                    allowBeyondContext, jvm);
        };
    }

    void validate(boolean measuring) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null; allowed: FP32, BF16, FP16, INT8, INT4");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null; allowed: NONE, SGD, SGD_MOMENTUM, ADAMW");
        }
        MemoryModel.requirePositive("batch", batch);
        MemoryModel.requirePositive("sequence", sequence);
        int ctx = config.contextLength();
        if (sequence > ctx && (measuring || !allowBeyondContext)) {
            throw new IllegalArgumentException("sequence = " + sequence + " is out of range; allowed: 1.." + ctx
                    + " (the context length)" + (measuring
                    ? "; measurement runs the real model, which cannot go beyond its context"
                    : "; call allowBeyondContext() for an analytic estimate beyond it"));
        }
        if (dtype.quantized() && optimizer.training()) {
            throw new IllegalArgumentException("dtype = " + dtype + " is out of range for optimizer = " + optimizer
                    + "; " + dtype + " is inference-only: allowed with optimizer NONE, or use FP32, BF16, FP16 to train");
        }
        if (measuring && dtype != DType.FP32) {
            throw new IllegalArgumentException("dtype = " + dtype + " cannot be measured: this library computes in "
                    + "fp32 only; allowed for measure(): FP32 (other dtypes are analytic only)");
        }
    }
}
