package dev.modelkit.model;

import dev.modelkit.model.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}: the GPT-2 family
 * ({@code model_type} gpt2) and the Llama family (llama, mistral). Only the fields the layout
 * depends on are read; the others (dropout, token ids, ...) are ignored, {@code sliding_window} too:
 * ModelKit models full attention, so Mistral-7B-v0.1's KV cache is not capped at its 4,096-token window.
 * Absent optional fields take the defaults of the transformers classes ({@code GPT2Config},
 * {@code LlamaConfig}, {@code MistralConfig}). Every error names the file, the field, its value
 * and what is allowed, before anything is allocated.
 */
final class HuggingFaceConfig {

    /** The {@code model_type} values this reader maps, by family. */
    static final List<String> GPT2_TYPES = List.of("gpt2");
    static final List<String> LLAMA_TYPES = List.of("llama", "mistral");

    /** GELU variants GPT-2 configs name; this library's GELU is the tanh approximation they all mean. */
    private static final List<String> GELU_NAMES = List.of("gelu_new", "gelu", "gelu_pytorch_tanh");

    private final String source;
    private final Map<?, ?> fields;

    private HuggingFaceConfig(String source, Map<?, ?> fields) {
        this.source = source;
        this.fields = fields;
    }

    static ModelConfig read(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("configJson must not be null");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses the text of a {@code config.json}; {@code source} names it in errors. */
    static ModelConfig parse(String text, String source) {
        Object root = Json.parse(text, source + ": not JSON");
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(source + ": the top level is not a JSON object; allowed: "
                    + "a config.json object such as {\"model_type\": \"llama\", ...}");
        }
        return new HuggingFaceConfig(source, map).toConfig();
    }

    private ModelConfig toConfig() {
        String type = string("model_type");
        if (GPT2_TYPES.contains(type)) {
            return gpt2();
        }
        if (LLAMA_TYPES.contains(type)) {
            return llama();
        }
        throw new IllegalArgumentException(source + ": model_type = '" + type + "' is not supported; allowed: "
                + String.join(", ", GPT2_TYPES) + " (GPT-2 family), " + String.join(", ", LLAMA_TYPES)
                + " (Llama family)");
    }

    private ModelConfig gpt2() {
        int d = positive("n_embd");
        int layers = positive("n_layer");
        int heads = positive("n_head");
        int context = positive("n_positions");
        int vocab = positive("vocab_size");
        Object inner = fields.get("n_inner");
        if (inner == null && 4L * d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + ": n_embd = " + d + " gives an MLP width 4 * n_embd = "
                    + 4L * d + " with no n_inner; allowed: n_embd <= " + Integer.MAX_VALUE / 4);
        }
        int hidden = inner == null ? 4 * d : positive("n_inner");
        String act = optionalString("activation_function", "gelu_new");
        if (!GELU_NAMES.contains(act)) {
            throw new IllegalArgumentException(source + ": activation_function = '" + act
                    + "' is not supported; allowed: " + String.join(", ", GELU_NAMES));
        }
        double eps = positiveDouble("layer_norm_epsilon", 1e-5);
        divides("n_head", heads, "n_embd", d);
        // GPT2LMHeadModel always ties its LM head to the token embedding.
        boolean tied = bool("tie_word_embeddings", true);
        return build(ModelConfig.builder().vocabSize(vocab).contextLength(context).dModel(d).layers(layers)
                        .heads(heads).mlp(Mlp.GELU, hidden).norm(Norm.LAYER_NORM, eps).positions(Positions.LEARNED)
                        .bias(true).tieEmbeddings(tied),
                "n_embd -> dModel, n_layer -> layers, n_head -> heads, n_positions -> contextLength, "
                        + "vocab_size -> vocabSize, n_inner -> intermediateSize, layer_norm_epsilon -> normEps");
    }

    private ModelConfig llama() {
        int d = positive("hidden_size");
        int hidden = positive("intermediate_size");
        int layers = positive("num_hidden_layers");
        int heads = positive("num_attention_heads");
        int vocab = positive("vocab_size");
        int context = positive("max_position_embeddings");
        int kvHeads = fields.get("num_key_value_heads") == null ? heads : positive("num_key_value_heads");
        divides("num_key_value_heads", kvHeads, "num_attention_heads", heads);
        int headDim;
        if (fields.get("head_dim") == null) {
            divides("num_attention_heads", heads, "hidden_size", d);
            headDim = d / heads;
        } else {
            headDim = positive("head_dim");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException(source + ": head dimension = " + headDim + " (" + (fields.get("head_dim")
                    == null ? "hidden_size / num_attention_heads" : "head_dim") + ") is odd; allowed: an even number, "
                    + "since rotary embeddings rotate pairs of dimensions");
        }
        String act = optionalString("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException(source + ": hidden_act = '" + act
                    + "' is not supported; allowed: silu (the SwiGLU MLP)");
        }
        double eps = positiveDouble("rms_norm_eps", 1e-6);
        double theta = positiveDouble("rope_theta", 10_000.0);
        boolean tied = bool("tie_word_embeddings", false);
        boolean bias = bool("attention_bias", false);
        if (bool("mlp_bias", false) != bias) {
            throw new IllegalArgumentException(source + ": mlp_bias = " + fields.get("mlp_bias") + " with attention_bias = "
                    + bias + " is not supported; allowed: both the same (one bias switch for every linear layer)");
        }
        Object scaling = fields.get("rope_scaling");
        if (scaling != null) {
            throw new IllegalArgumentException(source + ": rope_scaling = " + scaling + " is not supported; allowed: null");
        }
        return build(ModelConfig.builder().vocabSize(vocab).contextLength(context).dModel(d).layers(layers)
                .heads(heads).kvHeads(kvHeads).headDim(headDim).mlp(Mlp.SWIGLU, hidden).norm(Norm.RMS_NORM, eps)
                .positions(Positions.ROPE, theta).bias(bias).tieEmbeddings(tied),
                "hidden_size -> dModel, intermediate_size -> intermediateSize, num_hidden_layers -> layers, "
                        + "num_attention_heads -> heads, num_key_value_heads -> kvHeads, head_dim -> headDim, "
                        + "vocab_size -> vocabSize, max_position_embeddings -> contextLength, rms_norm_eps -> normEps, "
                        + "rope_theta -> ropeTheta");
    }

    /** Every rule of {@link ModelConfig} applies; its errors name the file and the fields read. */
    private ModelConfig build(ModelConfig.Builder builder, String read) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage() + " (fields read: " + read + ")", e);
        }
    }

    // ---- fields ---------------------------------------------------------------------------------

    private Object required(String field) {
        if (!fields.containsKey(field) || fields.get(field) == null) {
            throw new IllegalArgumentException(source + ": field '" + field + "' is missing; required for model_type '"
                    + fields.get("model_type") + "'");
        }
        return fields.get(field);
    }

    private String string(String field) {
        Object v = required(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(source + ": " + field + " = " + v + " is not a string; allowed: "
                    + String.join(", ", GPT2_TYPES) + ", " + String.join(", ", LLAMA_TYPES));
        }
        return s;
    }

    private String optionalString(String field, String absent) {
        Object v = fields.get(field);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(source + ": " + field + " = " + v + " is not a string");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private int positive(String field) {
        Object v = required(field);
        if (!(v instanceof Long n)) {
            throw new IllegalArgumentException(source + ": " + field + " = " + render(v)
                    + " is not an integer; allowed: 1.." + Integer.MAX_VALUE);
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + ": " + field + " = " + n + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        return (int) (long) n;
    }

    private double positiveDouble(String field, double absent) {
        Object v = fields.get(field);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(source + ": " + field + " = " + render(v) + " is not a number; allowed: > 0");
        }
        double x = n.doubleValue();
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(source + ": " + field + " = " + v + " is out of range; allowed: > 0 and finite");
        }
        return x;
    }

    private boolean bool(String field, boolean absent) {
        Object v = fields.get(field);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(source + ": " + field + " = " + render(v) + " is not a boolean; allowed: "
                    + "true, false");
        }
        return b;
    }

    private void divides(String field, int divisor, String ofField, int of) {
        if (of % divisor != 0) {
            throw new IllegalArgumentException(source + ": " + field + " = " + divisor + " does not divide " + ofField
                    + " = " + of + "; allowed: a divisor of " + of);
        }
    }

    private static String render(Object v) {
        return v instanceof String s ? Json.quote(s) : String.valueOf(v);
    }
}
