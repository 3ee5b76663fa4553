package dev.modelkit.model.checkpoint;

import dev.modelkit.model.Init;
import dev.modelkit.model.Mlp;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Norm;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.Positions;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Model checkpoints as safetensors files: every parameter as an F32 tensor under its model name
 * (e.g. {@code blocks.0.attn.qkv.weight}), in reference order, and the config, seed and format
 * version in {@code __metadata__}, plus a CRC-32 of the data section so a damaged file is
 * refused. Any safetensors reader can open the file.
 *
 * <p>Loading checks everything (container, names, dtypes, shapes, config, checksum) and reads all
 * data before it changes anything, so a bad file leaves the in-memory model untouched.
 * Format problems throw {@link IOException}; a checkpoint that does not fit the model (other
 * config, other shapes, another dtype) throws {@link IllegalArgumentException}.
 *
 * <p>A trainer checkpoint ({@link #save(Trainer, Path)}) adds the AdamW moments as tensors
 * {@code adamw.m.<name>} and {@code adamw.v.<name>} (once the optimizer has stepped) and its
 * hyperparameters and step count in {@code __metadata__}: {@link #resume} continues training
 * bit-identically. {@link #load} reads the model out of either kind of file.
 */
public final class Checkpoint {

    /** {@code __metadata__["format"]}. */
    public static final String FORMAT = "modelkit.transformer";
    /**
     * {@code __metadata__["format_version"]}: "2" since the architecture options (norm, mlp,
     * positions, kvHeads, headDim, bias, intermediateSize); version "1" files (GPT-style, with
     * {@code mlpRatio}) still load, and an older reader refuses a "2" file by its version.
     */
    public static final String FORMAT_VERSION = "2";

    /**
     * The architecture in {@code __metadata__}, one key per {@link ModelConfig} field. kvHeads and
     * headDim are written only where they differ from heads and dModel / heads; files written
     * before the architecture options hold {@code mlpRatio} instead of intermediateSize and no
     * norm, mlp, positions or bias keys, and read as the GPT-style model they are.
     */
    private static final String[] CONFIG_KEYS = {"vocabSize", "contextLength", "dModel", "layers", "heads",
            "kvHeads", "headDim", "intermediateSize", "norm", "normEps", "mlp", "positions", "ropeTheta", "bias",
            "tieEmbeddings"};
    private static final int CHUNK = 1 << 20;
    /** {@code __metadata__} key naming the optimizer of a trainer checkpoint. */
    private static final String OPTIMIZER = "optimizer";
    private static final String STEPS = "adamw.steps";
    private static final String FIRST_MOMENT = "adamw.m.";
    private static final String SECOND_MOMENT = "adamw.v.";

    private Checkpoint() {
    }

    /** Writes {@code model} to {@code path} (replaced atomically if it exists). */
    public static void save(Transformer model, Path path) throws IOException {
        save(model, path, Map.of());
    }

    /**
     * As {@link #save(Transformer, Path)}, with extra string metadata (e.g. a tokenizer's
     * alphabet); extra keys must not clash with the model's own.
     */
    public static void save(Transformer model, Path path, Map<String, String> extra) throws IOException {
        if (model == null || path == null || extra == null) {
            throw new IllegalArgumentException((model == null ? "model" : path == null ? "path" : "extra")
                    + " must not be null");
        }
        Map<String, String> meta = metadata(model.config(), model.seed());
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (meta.containsKey(e.getKey()) || e.getKey().equals("data_crc32") || e.getKey().equals(OPTIMIZER)
                    || e.getKey().startsWith("adamw.")) {
                throw new IllegalArgumentException("extra metadata key '" + e.getKey()
                        + "' is reserved; reserved keys: " + meta.keySet() + ", data_crc32, " + OPTIMIZER + ", adamw.*");
            }
            meta.put(e.getKey(), e.getValue());
        }
        write(model, path, meta, tensors(model, null));
    }

    /**
     * Writes a trainer: the model as {@link #save(Transformer, Path)} does, the AdamW moments and
     * the optimizer's hyperparameters and step count, so that {@link #resume} continues exactly.
     */
    public static void save(Trainer trainer, Path path) throws IOException {
        if (trainer == null || path == null) {
            throw new IllegalArgumentException((trainer == null ? "trainer" : "path") + " must not be null");
        }
        Transformer model = trainer.model();
        synchronized (model) {
            AdamW opt = trainer.optimizer();
            Map<String, String> meta = metadata(model.config(), model.seed());
            meta.put(OPTIMIZER, "adamw");
            meta.put("adamw.learning_rate", Double.toString(opt.learningRate()));
            meta.put("adamw.beta1", Double.toString(opt.beta1()));
            meta.put("adamw.beta2", Double.toString(opt.beta2()));
            meta.put("adamw.eps", Double.toString(opt.eps()));
            meta.put("adamw.weight_decay", Double.toString(opt.weightDecay()));
            meta.put(STEPS, Integer.toString(opt.steps()));
            write(model, path, meta, tensors(model, opt.steps() > 0 ? opt : null));
        }
    }

    /** One tensor to write: its name, shape and live data. */
    private record Tensor(String name, long[] dims, float[] data) {
    }

    /** The model's parameters, then (with an optimizer) every first moment, then every second. */
    private static List<Tensor> tensors(Transformer model, AdamW opt) {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(new Tensor(p.name(), p.spec().dims(), p.values()));
        }
        if (opt != null) {
            for (Parameter p : model.parameters()) {
                out.add(new Tensor(FIRST_MOMENT + p.name(), p.spec().dims(), opt.firstMoment(p.index())));
            }
            for (Parameter p : model.parameters()) {
                out.add(new Tensor(SECOND_MOMENT + p.name(), p.spec().dims(), opt.secondMoment(p.index())));
            }
        }
        return out;
    }

    private static void write(Transformer model, Path path, Map<String, String> meta, List<Tensor> tensors)
            throws IOException {
        List<Safetensors.Entry> entries = new ArrayList<>();
        long offset = 0;
        for (Tensor tensor : tensors) {
            long bytes = 4L * tensor.data().length;
            entries.add(new Safetensors.Entry(tensor.name(), "F32", tensor.dims(), offset, offset + bytes));
            offset += bytes;
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        CRC32 crc = new CRC32();
        synchronized (model) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // The header holds the data's CRC: write it with a placeholder of the same length,
                // stream the data while summing it, then rewrite the header in place.
                meta.put("data_crc32", "00000000");
                byte[] header = Safetensors.header(meta, entries);
                write(ch, ByteBuffer.wrap(header));
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor tensor : tensors) {
                    float[] src = tensor.data();
                    for (int from = 0; from < src.length; from += CHUNK / 4) {
                        int n = Math.min(CHUNK / 4, src.length - from);
                        buf.clear();
                        buf.asFloatBuffer().put(src, from, n);
                        buf.limit(4 * n);
                        crc.update(buf.array(), 0, 4 * n);
                        write(ch, buf);
                    }
                }
                meta.put("data_crc32", String.format("%08x", crc.getValue()));
                byte[] finalHeader = Safetensors.header(meta, entries);
                if (finalHeader.length != header.length) {
                    throw new IllegalStateException("header length changed while writing");
                }
                ch.position(0);
                write(ch, ByteBuffer.wrap(finalHeader));
                ch.force(true);
            }
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A new model with the config, seed and weights of a checkpoint written by {@link #save}
     * (a model's or a trainer's).
     */
    public static Transformer load(Path path) throws IOException {
        Read r = read(path, null);
        Transformer m = Transformer.builder().config(r.config).seed(r.seed).init(Init.LAZY).build();
        copy(m, r.data);
        return m;
    }

    /**
     * A trainer restored from a file written by {@link #save(Trainer, Path)}: the model (config,
     * seed, weights) and an AdamW with the saved hyperparameters, moments and step count, so the
     * next {@link Trainer#step} is the one an uninterrupted run would take. Runs on the common pool.
     */
    public static Trainer resume(Path path) throws IOException {
        Read r = read(path, null);
        if (!"adamw".equals(r.meta.get(OPTIMIZER))) {
            throw Safetensors.bad(String.valueOf(path), "__metadata__ has no trainer state ('" + OPTIMIZER
                    + "' is " + (r.meta.get(OPTIMIZER) == null ? "absent" : "'" + r.meta.get(OPTIMIZER) + "'")
                    + "; allowed: adamw); it is a model checkpoint: use Checkpoint.load(path)");
        }
        String file = path.toString();
        AdamW opt;
        try {
            opt = AdamW.builder()
                    .learningRate(parseDouble(file, r.meta, "adamw.learning_rate"))
                    .betas(parseDouble(file, r.meta, "adamw.beta1"), parseDouble(file, r.meta, "adamw.beta2"))
                    .eps(parseDouble(file, r.meta, "adamw.eps"))
                    .weightDecay(parseDouble(file, r.meta, "adamw.weight_decay"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw Safetensors.bad(file, "__metadata__ optimizer: " + e.getMessage());
        }
        Transformer m = Transformer.builder().config(r.config).seed(r.seed).init(Init.LAZY).build();
        copy(m, r.data);
        List<Parameter> params = m.parameters();
        int steps = r.steps;
        float[][] first = steps > 0 ? new float[params.size()][] : null;
        float[][] second = steps > 0 ? new float[params.size()][] : null;
        for (int i = 0; steps > 0 && i < params.size(); i++) {
            first[i] = r.data.get(FIRST_MOMENT + params.get(i).name());
            second[i] = r.data.get(SECOND_MOMENT + params.get(i).name());
        }
        opt.restore(params, steps, first, second);
        return Trainer.of(m, opt);
    }

    /**
     * Replaces the weights of {@code model} with a checkpoint's. The file must hold exactly the
     * model's tensors (names and shapes), in F32; if it records a config, that must equal the
     * model's. Files from other safetensors writers load when their tensors match.
     */
    public static void loadInto(Transformer model, Path path) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        Read r = read(path, model.config());
        copy(model, r.data);
    }

    /** The {@code __metadata__} of a checkpoint (the header alone is read and checked). */
    public static Map<String, String> metadata(Path path) throws IOException {
        String file = String.valueOf(path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return Safetensors.read(ch, file).metadata();
        }
    }

    private static void copy(Transformer model, Map<String, float[]> data) {
        // Only the model's own tensors: a trainer file's moments stay in the map for resume().
        synchronized (model) {
            for (Parameter p : model.parameters()) {
                p.copyFrom(data.get(p.name()));
            }
        }
    }

    private record Read(ModelConfig config, long seed, int steps, Map<String, String> meta,
                        Map<String, float[]> data) {
    }

    /** Reads and checks the whole file; {@code target} null means: take the config from the file. */
    private static Read read(Path path, ModelConfig target) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Safetensors.Header h = Safetensors.read(ch, file);
            Map<String, String> meta = h.metadata();
            ModelConfig stored = meta.containsKey("dModel") ? config(file, meta) : null;
            long seed = 0;
            if (target == null) {
                if (stored == null) {
                    throw Safetensors.bad(file, "__metadata__ holds no model config (" + String.join(", ",
                            CONFIG_KEYS) + "); use loadInto(model, path) to load plain tensors into a model");
                }
                seed = parseLong(file, meta, "seed");
            } else if (stored != null && !stored.equals(target)) {
                throw new IllegalArgumentException("checkpoint " + file + " has another architecture: "
                        + differences(stored, target) + " (the file holds " + stored + " but the model is "
                        + target + ")");
            }
            ModelConfig cfg = target != null ? target : stored;
            int steps = 0;
            if (meta.containsKey(OPTIMIZER)) {
                long s = parseLong(file, meta, STEPS);
                if (s < 0 || s > Integer.MAX_VALUE) {
                    throw Safetensors.bad(file, "__metadata__." + STEPS + " = " + s + " is out of range; allowed: 0.."
                            + Integer.MAX_VALUE);
                }
                steps = (int) s;
            }
            checkTensors(file, h.entries(), cfg, steps > 0);
            Map<String, float[]> data = readData(ch, file, h, meta.get("data_crc32"));
            return new Read(cfg, seed, steps, meta, data);
        }
    }

    /** The file must hold exactly the layout's tensors, and with {@code moments} both moments of each. */
    private static void checkTensors(String file, List<Safetensors.Entry> entries, ModelConfig cfg, boolean moments) {
        // Counted first: a header whose config is absurd (say 10^8 layers) must not make us list its layout.
        long expected = (moments ? 3L : 1L) * cfg.tensorCount();
        if (entries.size() != expected) {
            throw new IllegalArgumentException("checkpoint " + file + " holds " + entries.size()
                    + " tensors but " + cfg + " has " + cfg.tensorCount()
                    + (moments ? " (x3 with the AdamW moments of a trainer checkpoint)" : ""));
        }
        Map<String, Safetensors.Entry> byName = new LinkedHashMap<>();
        for (Safetensors.Entry e : entries) {
            byName.put(e.name(), e);
        }
        List<String> missing = new ArrayList<>();
        List<String> prefixes = moments ? List.of("", FIRST_MOMENT, SECOND_MOMENT) : List.of("");
        for (String prefix : prefixes) {
            for (ParameterSpec spec : cfg.layout()) {
                checkTensor(file, byName, missing, prefix + spec.name(), spec, cfg);
            }
        }
        if (!missing.isEmpty() || !byName.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + file + " does not match " + cfg
                    + (missing.isEmpty() ? "" : ": missing tensors " + missing)
                    + (byName.isEmpty() ? "" : ": unexpected tensors " + byName.keySet()));
        }
    }

    private static void checkTensor(String file, Map<String, Safetensors.Entry> byName, List<String> missing,
                                    String name, ParameterSpec spec, ModelConfig cfg) {
        Safetensors.Entry e = byName.remove(name);
        if (e == null) {
            missing.add(name);
            return;
        }
        if (!e.dtype().equals("F32")) {
            throw new IllegalArgumentException("checkpoint " + file + ": tensor " + e.name() + " has dtype "
                    + e.dtype() + "; allowed: F32");
        }
        if (!Arrays.equals(e.shape(), spec.dims())) {
            throw new IllegalArgumentException("checkpoint " + file + ": tensor " + e.name() + " has shape "
                    + e.shapeString() + " but " + cfg + " needs " + spec.shapeString());
        }
    }

    private static Map<String, float[]> readData(FileChannel ch, String file, Safetensors.Header h, String crcHex)
            throws IOException {
        Map<String, float[]> data = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        long pos = h.dataStart();
        for (Safetensors.Entry e : h.entries()) {              // in offset order: one sequential read
            float[] dst = new float[Math.toIntExact(e.numel())];
            for (int from = 0; from < dst.length; from += CHUNK / 4) {
                int n = Math.min(CHUNK / 4, dst.length - from);
                buf.clear().limit(4 * n);
                Safetensors.readFully(ch, buf, pos, file);
                pos += 4L * n;
                crc.update(buf.array(), 0, 4 * n);
                buf.flip();
                buf.asFloatBuffer().get(dst, from, n);
            }
            data.put(e.name(), dst);
        }
        if (crcHex != null) {
            String actual = String.format("%08x", crc.getValue());
            if (!actual.equalsIgnoreCase(crcHex)) {
                throw Safetensors.bad(file, "corrupt data: CRC-32 of the data section is " + actual
                        + " but the header records " + crcHex);
            }
        }
        return data;
    }

    private static Map<String, String> metadata(ModelConfig c, long seed) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.putAll(architecture(c));
        m.put("seed", Long.toString(seed));
        return m;
    }

    /** The config as {@link #CONFIG_KEYS} strings, in that order. */
    private static Map<String, String> architecture(ModelConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vocabSize", Integer.toString(c.vocabSize()));
        m.put("contextLength", Integer.toString(c.contextLength()));
        m.put("dModel", Integer.toString(c.dModel()));
        m.put("layers", Integer.toString(c.layers()));
        m.put("heads", Integer.toString(c.heads()));
        if (c.kvHeads() != c.heads()) {
            m.put("kvHeads", Integer.toString(c.kvHeads()));
        }
        if ((long) c.headDim() * c.heads() != c.dModel()) {
            m.put("headDim", Integer.toString(c.headDim()));
        }
        m.put("intermediateSize", Integer.toString(c.intermediateSize()));
        m.put("norm", c.norm().name());
        m.put("normEps", Double.toString(c.normEps()));
        m.put("mlp", c.mlp().name());
        m.put("positions", c.positions().name());
        m.put("ropeTheta", Double.toString(c.ropeTheta()));
        m.put("bias", Boolean.toString(c.bias()));
        m.put("tieEmbeddings", Boolean.toString(c.tieEmbeddings()));
        return m;
    }

    /** "kvHeads = 2 in the file, 8 in the model; ..." for every architecture field that differs. */
    private static String differences(ModelConfig stored, ModelConfig model) {
        Map<String, String> a = architecture(stored);
        Map<String, String> b = architecture(model);
        List<String> out = new ArrayList<>();
        for (String key : CONFIG_KEYS) {
            String x = a.containsKey(key) || !b.containsKey(key) ? a.get(key) : derived(stored, key);
            String y = b.containsKey(key) || !a.containsKey(key) ? b.get(key) : derived(model, key);
            if (x != null && !x.equals(y)) {
                out.add(key + " = " + x + " in the file, " + y + " in the model");
            }
        }
        return String.join("; ", out);
    }

    private static String derived(ModelConfig c, String key) {
        return Integer.toString(key.equals("kvHeads") ? c.kvHeads() : c.headDim());
    }

    private static ModelConfig config(String file, Map<String, String> meta) throws IOException {
        String format = meta.get("format");
        if (format != null && !format.equals(FORMAT)) {
            throw Safetensors.bad(file, "__metadata__.format is '" + format + "'; allowed: " + FORMAT);
        }
        String version = meta.get("format_version");
        if (version != null && !version.equals(FORMAT_VERSION) && !version.equals("1")) {
            throw Safetensors.bad(file, "__metadata__.format_version is '" + version + "'; allowed: 1, "
                    + FORMAT_VERSION);
        }
        boolean tie = parseBoolean(file, meta, "tieEmbeddings", null);
        try {
            ModelConfig.Builder b = ModelConfig.builder().vocabSize(parseInt(file, meta, "vocabSize"))
                    .contextLength(parseInt(file, meta, "contextLength")).dModel(parseInt(file, meta, "dModel"))
                    .layers(parseInt(file, meta, "layers")).heads(parseInt(file, meta, "heads")).tieEmbeddings(tie);
            if (meta.containsKey("kvHeads")) {
                b.kvHeads(parseInt(file, meta, "kvHeads"));
            }
            if (meta.containsKey("headDim")) {
                b.headDim(parseInt(file, meta, "headDim"));
            }
            if (meta.containsKey("intermediateSize")) {
                b.intermediateSize(parseInt(file, meta, "intermediateSize"));
            } else {
                b.mlpRatio(parseInt(file, meta, "mlpRatio"));      // a file from before the options
            }
            if (meta.containsKey("norm")) {
                b.norm(Norm.parse(meta.get("norm")));
            }
            if (meta.containsKey("normEps")) {
                b.normEps(parseDouble(file, meta, "normEps"));
            }
            if (meta.containsKey("mlp")) {
                b.mlp(Mlp.parse(meta.get("mlp")));
            }
            if (meta.containsKey("positions")) {
                b.positions(Positions.parse(meta.get("positions")));
            }
            if (meta.containsKey("ropeTheta")) {
                b.ropeTheta(parseDouble(file, meta, "ropeTheta"));
            }
            b.bias(parseBoolean(file, meta, "bias", true));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw Safetensors.bad(file, "__metadata__ config: " + e.getMessage());
        }
    }

    /** "true" or "false"; absent: {@code absent}, or an error when that is null. */
    private static boolean parseBoolean(String file, Map<String, String> meta, String key, Boolean absent)
            throws IOException {
        String s = meta.get(key);
        if (s == null && absent != null) {
            return absent;
        }
        if (!"true".equals(s) && !"false".equals(s)) {
            throw Safetensors.bad(file, "__metadata__." + key + " is '" + s + "'; allowed: true, false");
        }
        return Boolean.parseBoolean(s);
    }

    private static double parseDouble(String file, Map<String, String> meta, String key) throws IOException {
        String s = meta.get(key);
        if (s == null) {
            throw Safetensors.bad(file, "__metadata__ has no '" + key + "'");
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw Safetensors.bad(file, "__metadata__." + key + " = '" + s + "' is not a number");
        }
    }

    private static int parseInt(String file, Map<String, String> meta, String key) throws IOException {
        long v = parseLong(file, meta, key);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw Safetensors.bad(file, "__metadata__." + key + " = " + v + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static long parseLong(String file, Map<String, String> meta, String key) throws IOException {
        String s = meta.get(key);
        if (s == null) {
            throw Safetensors.bad(file, "__metadata__ has no '" + key + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw Safetensors.bad(file, "__metadata__." + key + " = '" + s + "' is not an integer");
        }
    }

    private static void write(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
