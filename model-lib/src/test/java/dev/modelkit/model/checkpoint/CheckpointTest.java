package dev.modelkit.model.checkpoint;

import dev.modelkit.model.Mlp;
import dev.modelkit.model.Norm;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Positions;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.json.Json;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @TempDir
    Path dir;

    private static Transformer trained(boolean tied) {
        Transformer m = Transformer.builder().vocabSize(13).contextLength(8).dModel(16).layers(2).heads(2)
                .tieEmbeddings(tied).seed(77).build();
        AdamW opt = AdamW.builder().learningRate(1e-2).build();
        Trainer.of(m, opt).step(new int[][] {{1, 2, 3, 4, 5}}, new int[][] {{2, 3, 4, 5, 6}});  // not the init values
        return m;
    }

    @Test
    void saveAndLoadRoundTripBitIdentically() throws IOException {
        for (boolean tied : new boolean[] {false, true}) {
            Transformer m = trained(tied);
            Path f = dir.resolve("m" + tied + ".safetensors");
            Checkpoint.save(m, f);
            Transformer back = Checkpoint.load(f);
            assertEquals(m.config(), back.config());
            assertEquals(m.seed(), back.seed());
            for (Parameter p : m.parameters()) {
                assertArrayEquals(bits(p.values()), bits(back.parameter(p.name()).values()), p.name());
            }
            int[] tokens = {3, 1, 4, 1, 5, 9};
            for (int t = 0; t < tokens.length; t++) {
                assertArrayEquals(m.forward(tokens).row(t), back.forward(tokens).row(t));
            }
            Path again = dir.resolve("again.safetensors");
            Checkpoint.save(back, again);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again), "re-saving gives the same bytes");
        }
    }

    @Test
    void theFileFollowsTheSafetensorsLayout() throws IOException {
        Transformer m = trained(false);
        Path f = dir.resolve("m.safetensors");
        Checkpoint.save(m, f, Map.of("tokenizer.alphabet", "ab\"c\n"));
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{") && header.stripTrailing().endsWith("}"));
        assertEquals(header.stripTrailing().length() + countTrailingSpaces(header), header.length());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(header);
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) json.get("__metadata__");
        assertEquals("13", meta.get("vocabSize"));
        assertEquals("77", meta.get("seed"));
        assertEquals("2", meta.get("format_version"));
        assertEquals("ab\"c\n", meta.get("tokenizer.alphabet"));
        long expectOffset = 0;
        List<String> names = new ArrayList<>(json.keySet());
        names.remove("__metadata__");
        assertEquals(m.parameters().stream().map(Parameter::name).toList(), names, "tensors in model order");
        for (Parameter p : m.parameters()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) json.get(p.name());
            assertEquals("F32", e.get("dtype"));
            assertEquals(Arrays.stream(p.spec().dims()).boxed().toList(), e.get("shape"));
            List<?> off = (List<?>) e.get("data_offsets");
            assertEquals(expectOffset, off.get(0));
            expectOffset += 4 * p.numel();
            assertEquals(expectOffset, off.get(1));
            // the raw little-endian data, read independently of the loader
            float[] v = p.values();
            int base = (int) (8 + n + (Long) off.get(0));
            for (int i = 0; i < v.length; i++) {
                assertEquals(Float.floatToRawIntBits(v[i]), buf.getInt(base + 4 * i), p.name() + "[" + i + "]");
            }
        }
        assertEquals(8 + n + expectOffset, bytes.length, "nothing after the data");
        assertEquals("ab\"c\n", Checkpoint.metadata(f).get("tokenizer.alphabet"));
    }

    @Test
    void plainSafetensorsWithoutMetadataLoadIntoAMatchingModel() throws IOException {
        Transformer m = trained(false);
        Path f = dir.resolve("m.safetensors");
        Checkpoint.save(m, f);
        Path plain = rewrite(f, "plain", (meta) -> meta.clear(), null);
        Transformer target = Transformer.builder().config(m.config()).seed(1).build();
        Checkpoint.loadInto(target, plain);
        for (Parameter p : m.parameters()) {
            assertArrayEquals(bits(p.values()), bits(target.parameter(p.name()).values()), p.name());
        }
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(plain));
        assertTrue(e.getMessage().contains("no model config"), e.getMessage());
    }

    @Test
    void badFilesAreRefusedAndLeaveTheModelUntouched() throws IOException {
        Transformer src = trained(false);
        Path good = dir.resolve("good.safetensors");
        Checkpoint.save(src, good);
        byte[] bytes = Files.readAllBytes(good);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();

        Transformer target = Transformer.builder().config(src.config()).seed(5).build();
        float[][] before = snapshot(target);

        // truncated: in the data, in the header, in the length prefix
        expectIo(target, before, write("cut-data", Arrays.copyOf(bytes, bytes.length - 3)), "truncated");
        expectIo(target, before, write("cut-header", Arrays.copyOf(bytes, 20)), "truncated");
        expectIo(target, before, write("cut-length", Arrays.copyOf(bytes, 5)), "truncated");
        expectIo(target, before, write("empty", new byte[0]), "truncated");
        // header length too big, and negative as a signed long
        byte[] big = bytes.clone();
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L);
        expectIo(target, before, write("big", big), "header length 200000000 is out of range");
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        expectIo(target, before, write("neg", big), "out of range");
        // not JSON
        byte[] garbage = bytes.clone();
        garbage[8 + 1] = '#';
        expectIo(target, before, write("garbage", garbage), "JSON header");
        // one flipped data bit: only the checksum can tell
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 100] ^= 0x10;
        expectIo(target, before, write("flipped", flipped), "CRC-32");
        // trailing bytes after the last tensor
        expectIo(target, before, write("longer", Arrays.copyOf(bytes, bytes.length + 4)), "unexpected bytes");
        // a dtype other than F32, sizes still consistent
        String h = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        byte[] i32 = bytes.clone();
        byte[] replaced = h.replaceFirst("\"F32\"", "\"I32\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(replaced, 0, i32, 8, replaced.length);
        expectArg(target, before, write("i32", i32), "has dtype I32; allowed: F32");
        // an unknown dtype is a format error
        byte[] weird = bytes.clone();
        replaced = h.replaceFirst("\"F32\"", "\"Q32\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(replaced, 0, weird, 8, replaced.length);
        expectIo(target, before, write("q32", weird), "unknown dtype \"Q32\"");
        // overlapping offsets
        Path overlap = rewrite(good, "overlap", null, entries -> {
            Safetensors.Entry e = entries.get(1);
            entries.set(1, new Safetensors.Entry(e.name(), e.dtype(), e.shape(), e.begin() - 4, e.end() - 4));
        });
        expectIo(target, before, overlap, "overlaps");
        // a tensor shape that is not the model's (metadata removed, so only shapes decide)
        Path reshaped = rewrite(good, "reshaped", Map::clear, entries -> {
            Safetensors.Entry e = entries.get(0);                   // tok_emb (13, 16) -> (16, 13)
            entries.set(0, new Safetensors.Entry(e.name(), e.dtype(), new long[] {16, 13}, e.begin(), e.end()));
        });
        expectArg(target, before, reshaped, "tok_emb has shape [16, 13] but");
        // a missing tensor
        Path missing = rewrite(good, "missing", Map::clear, entries -> entries.remove(entries.size() - 1));
        expectIo(target, before, missing, "unexpected bytes");
        // another config
        Transformer other = Transformer.builder().config(src.config()).vocabSize(14).build();
        float[][] otherBefore = snapshot(other);
        expectArg(other, otherBefore, good, "but the model is");
        // a config in the metadata that contradicts the shapes
        Path lying = rewrite(good, "lying", meta -> meta.put("dModel", "32"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(lying));
        assertTrue(e.getMessage().contains("needs"), e.getMessage());
        Path nonsense = rewrite(good, "nonsense", meta -> meta.put("heads", "3"), null);
        IOException io = assertThrows(IOException.class, () -> Checkpoint.load(nonsense));
        assertTrue(io.getMessage().contains("dModel = 16 is not divisible by heads = 3"), io.getMessage());

        // and after all that, the good file still loads
        Checkpoint.loadInto(target, good);
        assertArrayEquals(bits(src.parameters().get(0).values()), bits(target.parameters().get(0).values()));
    }

    @Test
    void savingReplacesAnExistingFileAndRefusesReservedExtraKeys() throws IOException {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        Path f = dir.resolve("sub/dir/tiny.safetensors");
        Checkpoint.save(m, f);
        Checkpoint.save(m, f);
        assertEquals(m.config(), Checkpoint.load(f).config());
        assertTrue(Files.list(f.getParent()).allMatch(p -> p.equals(f)), "no temporary file left behind");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(m, f, Map.of("seed", "1")));
        assertTrue(e.getMessage().contains("'seed' is reserved"), e.getMessage());
    }

    @Test
    void aResumedTrainerContinuesBitIdenticallyToAnUninterruptedOne() throws IOException {
        int[][][] batches = new int[6][][];
        for (int s = 0; s < batches.length; s++) {
            batches[s] = new int[][] {{s % 13, 2, 3, (4 + s) % 13, 5}, {7, (s * 5) % 13, 9, 10, 11}};
        }
        int[][][] targets = new int[6][][];
        for (int s = 0; s < targets.length; s++) {
            targets[s] = new int[][] {{2, 3, 4, 5, (6 + s) % 13}, {8, 9, (10 + s) % 13, 11, 12}};
        }
        Transformer straight = Transformer.builder().vocabSize(13).contextLength(8).dModel(16).layers(2).heads(2)
                .seed(5).build();
        Trainer uninterrupted = Trainer.of(straight, AdamW.builder().learningRate(2e-2).weightDecay(0.1)
                .betas(0.85, 0.97).eps(1e-7).build());
        float[] want = new float[6];
        for (int s = 0; s < 6; s++) {
            want[s] = uninterrupted.step(batches[s], targets[s]);
        }

        Transformer first = Transformer.builder().vocabSize(13).contextLength(8).dModel(16).layers(2).heads(2)
                .seed(5).build();
        Trainer before = Trainer.of(first, AdamW.builder().learningRate(2e-2).weightDecay(0.1)
                .betas(0.85, 0.97).eps(1e-7).build());
        float[] got = new float[6];
        for (int s = 0; s < 3; s++) {
            got[s] = before.step(batches[s], targets[s]);
        }
        Path f = dir.resolve("trainer.safetensors");
        Checkpoint.save(before, f);
        Trainer resumed = Checkpoint.resume(f);
        assertEquals(3, resumed.optimizer().steps());
        assertEquals(0.85, resumed.optimizer().beta1());
        assertEquals(1e-7, resumed.optimizer().eps());
        for (int s = 3; s < 6; s++) {
            got[s] = resumed.step(batches[s], targets[s]);
        }
        assertArrayEquals(want, got);
        List<Parameter> a = straight.parameters();
        List<Parameter> b = resumed.model().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).values(), b.get(i).values(), a.get(i).name());
            assertArrayEquals(uninterrupted.optimizer().firstMoment(i), resumed.optimizer().firstMoment(i));
            assertArrayEquals(uninterrupted.optimizer().secondMoment(i), resumed.optimizer().secondMoment(i));
        }
        // The model alone loads from a trainer file; a model file has no trainer to resume.
        Transformer model = Checkpoint.load(f);
        assertArrayEquals(first.parameters().get(2).values(), model.parameters().get(2).values());
        Path plain = dir.resolve("model.safetensors");
        Checkpoint.save(first, plain);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.resume(plain));
        assertTrue(e.getMessage().contains("no trainer state") && e.getMessage().contains("Checkpoint.load"),
                e.getMessage());
    }

    @Test
    void aFreshTrainerSavesWithoutMomentsAndResumesAtStepZero() throws IOException {
        Transformer m = Transformer.builder().vocabSize(13).contextLength(8).dModel(16).layers(1).heads(2).build();
        Path f = dir.resolve("fresh.safetensors");
        Checkpoint.save(Trainer.of(m, AdamW.builder().build()), f);
        assertEquals("0", Checkpoint.metadata(f).get("adamw.steps"));
        Trainer t = Checkpoint.resume(f);
        assertEquals(0, t.optimizer().steps());
        assertEquals(0, t.optimizer().stateBytes());
        assertTrue(Float.isFinite(t.step(new int[][] {{1, 2, 3}}, new int[][] {{2, 3, 4}})));
    }

    @Test
    void damagedTrainerFilesAreRefused() throws IOException {
        Transformer m = trained(false);
        Trainer t = Trainer.of(m, AdamW.builder().build());
        t.step(new int[][] {{1, 2, 3}}, new int[][] {{2, 3, 4}});
        Path f = dir.resolve("t.safetensors");
        Checkpoint.save(t, f);
        byte[] bytes = Files.readAllBytes(f);
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 100] ^= 0x10;                    // in the second moments, last written
        Path bad = dir.resolve("flipped.safetensors");
        Files.write(bad, flipped);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.resume(bad));
        assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\"adamw.steps\":\"1\"",
                "\"adamw.steps\":\"x\"");
        Path lying = dir.resolve("steps.safetensors");
        Files.write(lying, text.getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IOException.class, () -> Checkpoint.resume(lying));
        assertTrue(e.getMessage().contains("adamw.steps = 'x' is not an integer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save((Trainer) null, f));
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(m, f, Map.of("adamw.steps", "9")));
        assertTrue(r.getMessage().contains("reserved"), r.getMessage());
    }

    private static int countTrailingSpaces(String s) {
        return s.length() - s.stripTrailing().length();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name + ".safetensors");
        Files.write(p, bytes);
        return p;
    }

    private static Transformer llama(int kvHeads) {
        return Transformer.builder().vocabSize(13).contextLength(8).dModel(16).layers(2).heads(4).kvHeads(kvHeads)
                .mlp(Mlp.SWIGLU, 24).norm(Norm.RMS_NORM, 1e-6).positions(Positions.ROPE, 500_000).bias(false)
                .seed(7).build();
    }

    @Test
    void theArchitectureIsStoredAndALlamaRoundTripsWithItsOptimizer() throws IOException {
        Transformer m = llama(2);
        Trainer trainer = Trainer.of(m, AdamW.builder().learningRate(1e-2).build());
        int[][] x = {{1, 2, 3, 4, 5}};
        int[][] y = {{2, 3, 4, 5, 6}};
        trainer.step(x, y);
        Path f = dir.resolve("llama.safetensors");
        Checkpoint.save(trainer, f);
        Map<String, String> meta = Checkpoint.metadata(f);
        assertEquals("RMS_NORM", meta.get("norm"));
        assertEquals("1.0E-6", meta.get("normEps"));
        assertEquals("SWIGLU", meta.get("mlp"));
        assertEquals("24", meta.get("intermediateSize"));
        assertEquals("ROPE", meta.get("positions"));
        assertEquals("500000.0", meta.get("ropeTheta"));
        assertEquals("2", meta.get("kvHeads"));
        assertEquals("false", meta.get("bias"));
        Trainer back = Checkpoint.resume(f);
        assertEquals(m.config(), back.model().config());
        float a = trainer.step(x, y);
        float b = back.step(x, y);
        assertEquals(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b), "resumed training continues bit-identically");
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefusedNamingTheField() throws IOException {
        Path f = dir.resolve("gqa.safetensors");
        Checkpoint.save(llama(2), f);
        Transformer mha = llama(4);
        float[][] before = snapshot(mha);
        expectArg(mha, before, f, "kvHeads = 2 in the file, 4 in the model");
        Transformer gelu = Transformer.builder().config(llama(2).config()).mlp(Mlp.GELU).build();
        expectArg(gelu, snapshot(gelu), f, "mlp = SWIGLU in the file, GELU in the model");
        Transformer rope = Transformer.builder().config(llama(2).config()).ropeTheta(10_000).build();
        expectArg(rope, snapshot(rope), f, "ropeTheta = 500000.0 in the file, 10000.0 in the model");
        Path gpt = dir.resolve("gpt.safetensors");
        Checkpoint.save(trained(false), gpt);
        Transformer noBias = Transformer.builder().config(trained(false).config()).bias(false).build();
        expectArg(noBias, snapshot(noBias), gpt, "bias = true in the file, false in the model");
        // a stored architecture that cannot be is a bad file, naming the field
        Path odd = rewrite(f, "odd", meta -> meta.put("kvHeads", "3"), null);
        IOException io = assertThrows(IOException.class, () -> Checkpoint.load(odd));
        assertTrue(io.getMessage().contains("kvHeads = 3 does not divide heads = 4"), io.getMessage());
        Path unknown = rewrite(f, "unknown", meta -> meta.put("norm", "BATCH_NORM"), null);
        io = assertThrows(IOException.class, () -> Checkpoint.load(unknown));
        assertTrue(io.getMessage().contains("norm: unknown value 'BATCH_NORM'"), io.getMessage());
    }

    @Test
    void aFileFromBeforeTheOptionsReadsAsTheGptItIs() throws IOException {
        Transformer m = trained(true);
        Path f = dir.resolve("new.safetensors");
        Checkpoint.save(m, f);
        Path old = rewrite(f, "old", meta -> {
            for (String k : List.of("kvHeads", "headDim", "intermediateSize", "norm", "normEps", "mlp", "positions",
                    "ropeTheta", "bias")) {
                meta.remove(k);
            }
            meta.put("mlpRatio", "4");
        }, null);
        assertEquals(m.config(), Checkpoint.load(old).config());
    }

    /** The same data under a rebuilt header (metadata and entries edited by the callbacks). */
    private Path rewrite(Path src, String name, Consumer<Map<String, String>> meta,
                         Consumer<List<Safetensors.Entry>> edit) throws IOException {
        Safetensors.Header h;
        try (FileChannel ch = FileChannel.open(src, StandardOpenOption.READ)) {
            h = Safetensors.read(ch, src.toString());
        }
        Map<String, String> m = new LinkedHashMap<>(h.metadata());
        if (meta != null) {
            meta.accept(m);
        }
        List<Safetensors.Entry> entries = new ArrayList<>(h.entries());
        if (edit != null) {
            edit.accept(entries);
        }
        byte[] all = Files.readAllBytes(src);
        byte[] header = Safetensors.header(m, entries);
        byte[] out = Arrays.copyOf(header, header.length + (int) h.dataLength());
        System.arraycopy(all, (int) h.dataStart(), out, header.length, (int) h.dataLength());
        return write(name, out);
    }

    private static void expectIo(Transformer target, float[][] before, Path f, String message) {
        IOException e = assertThrows(IOException.class, () -> Checkpoint.loadInto(target, f), f.toString());
        assertTrue(e.getMessage().contains(message), "message '" + e.getMessage() + "' lacks '" + message + "'");
        assertUntouched(target, before);
    }

    private static void expectArg(Transformer target, float[][] before, Path f, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.loadInto(target, f), f.toString());
        assertTrue(e.getMessage().contains(message), "message '" + e.getMessage() + "' lacks '" + message + "'");
        assertUntouched(target, before);
    }

    private static float[][] snapshot(Transformer m) {
        return m.parameters().stream().map(p -> p.values().clone()).toArray(float[][]::new);
    }

    private static void assertUntouched(Transformer m, float[][] before) {
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(bits(before[i]), bits(m.parameters().get(i).values()), "model changed: tensor " + i);
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
