package dev.modelkit.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Hugging Face configs shipped with the library (resources {@code dev/modelkit/model/configs/},
 * written from the published model cards; nothing is fetched), with the parameter counts their
 * publishers give. Full-size models: compute with them ({@code MemoryModel.of(LLAMA_2_7B.config())}),
 * they do not fit a heap as fp32 arrays.
 */
public enum PublishedModel {
    //          resource                 Hugging Face Hub repository      published parameters
    GPT2(       "gpt2.json",            "openai-community/gpt2",          124_439_808L),
    LLAMA_2_7B( "llama-2-7b.json",      "meta-llama/Llama-2-7b-hf",       6_738_415_616L),
    MISTRAL_7B( "mistral-7b-v0.1.json", "mistralai/Mistral-7B-v0.1",      7_241_732_096L),
    LLAMA_3_8B( "llama-3-8b.json",      "meta-llama/Meta-Llama-3-8B",     8_030_261_248L);

    private final String resource;
    private final String hubId;
    private final long publishedParameters;

    PublishedModel(String resource, String hubId, long publishedParameters) {
        this.resource = resource;
        this.hubId = hubId;
        this.publishedParameters = publishedParameters;
    }

    /** The shipped {@code config.json}, read with {@link ModelConfig#fromHuggingFace}'s rules. */
    public ModelConfig config() {
        return HuggingFaceConfig.parse(json(), "configs/" + resource);
    }

    /** The text of the shipped {@code config.json}. */
    public String json() {
        try (InputStream in = PublishedModel.class.getResourceAsStream("configs/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("resource configs/" + resource + " is missing from the library");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. {@code meta-llama/Llama-2-7b-hf}. */
    public String hubId() {
        return hubId;
    }

    /** The parameter count its publisher gives (the tests check the layout reproduces it). */
    public long publishedParameters() {
        return publishedParameters;
    }

    /** A short label: GPT-2, Llama-2-7B, Mistral-7B, Llama-3-8B. */
    public String label() {
        return switch (this) {
            case GPT2 -> "GPT-2";
            case LLAMA_2_7B -> "Llama-2-7B";
            case MISTRAL_7B -> "Mistral-7B";
            case LLAMA_3_8B -> "Llama-3-8B";
        };
    }

    /** Case- and punctuation-insensitive: {@code gpt2}, {@code llama-2-7b}, {@code Mistral_7B}, {@code llama3-8b}. */
    public static PublishedModel parse(String name) {
        if (name != null) {
            String key = name.trim().replaceAll("[-_. ]", "").toLowerCase(Locale.ROOT);
            for (PublishedModel m : values()) {
                if (m.name().replace("_", "").toLowerCase(Locale.ROOT).equals(key)
                        || m.label().replace("-", "").toLowerCase(Locale.ROOT).equals(key)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("model: unknown value '" + name
                + "'; allowed: gpt2, llama-2-7b, mistral-7b, llama-3-8b");
    }
}
