package dev.modelkit.model.checkpoint;

import dev.modelkit.model.json.Json;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors container (huggingface/safetensors): an 8-byte little-endian header length N,
 * N bytes of UTF-8 JSON ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, ...,
 * "__metadata__": {string: string}}}, padded with spaces), then the raw little-endian data, the
 * offsets being relative to its start. This class writes and strictly checks the container;
 * {@link Checkpoint} gives it a model's meaning.
 */
final class Safetensors {

    /** Largest header accepted: the limit of the reference implementation (100 MB). */
    static final long MAX_HEADER = 100_000_000L;

    static final String METADATA = "__metadata__";

    /** One tensor's header entry; offsets relative to the data section. */
    record Entry(String name, String dtype, long[] shape, long begin, long end) {
        long numel() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        String shapeString() {
            return java.util.Arrays.toString(shape);
        }
    }

    /** A parsed, checked header: entries sorted by offset, and where the data section starts. */
    record Header(Map<String, String> metadata, List<Entry> entries, long dataStart, long dataLength) {
    }

    private Safetensors() {
    }

    /** The header bytes (length prefix included), padded with spaces to a multiple of 8. */
    static byte[] header(Map<String, String> metadata, List<Entry> entries) {
        StringBuilder json = new StringBuilder("{");
        json.append(Json.quote(METADATA)).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            json.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            first = false;
        }
        json.append('}');
        for (Entry e : entries) {
            json.append(',').append(Json.quote(e.name())).append(":{\"dtype\":").append(Json.quote(e.dtype()))
                    .append(",\"shape\":[");
            for (int k = 0; k < e.shape().length; k++) {
                json.append(k == 0 ? "" : ",").append(e.shape()[k]);
            }
            json.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        int n = (text.length + 7) & ~7;
        ByteBuffer buf = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(n).put(text);
        while (buf.hasRemaining()) {
            buf.put((byte) ' ');
        }
        return buf.array();
    }

    /** Bytes per element of the safetensors dtypes, or -1 for an unknown dtype. */
    static int dtypeSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> -1;
        };
    }

    /**
     * Reads and checks the header: length within the file and {@link #MAX_HEADER}, valid UTF-8
     * JSON, well-formed entries whose sizes match dtype and shape, and offsets that tile the data
     * section exactly (contiguous, no overlap, no gap, nothing after).
     *
     * @throws IOException naming what is wrong
     */
    static Header read(FileChannel ch, String file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw bad(file, "truncated: " + size + " bytes, but a safetensors file starts with an "
                    + "8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long n = lenBuf.flip().getLong();
        if (n < 2 || n > MAX_HEADER) {
            throw bad(file, "header length " + Long.toUnsignedString(n) + " is out of range; allowed: 2.."
                    + MAX_HEADER + " bytes");
        }
        if (8 + n > size) {
            throw bad(file, "truncated: header length " + n + " but only " + (size - 8)
                    + " bytes follow the length prefix");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8, file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(hb.flip()).toString();
        } catch (CharacterCodingException e) {
            throw bad(file, "header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw bad(file, "header does not start with '{'");
        }
        Object root;
        try {
            root = Json.parse(text, "JSON header");
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw bad(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> meta)) {
                    throw bad(file, METADATA + " is not an object of strings");
                }
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String value)) {
                        throw bad(file, METADATA + "." + m.getKey() + " is not a string");
                    }
                    metadata.put((String) m.getKey(), value);
                }
                continue;
            }
            entries.add(entry(file, name, e.getValue()));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long dataLength = size - 8 - n;
        long expect = 0;
        for (Entry e : entries) {
            if (e.begin() != expect) {
                throw bad(file, "tensor " + e.name() + " starts at data offset " + e.begin() + ", expected "
                        + expect + (e.begin() < expect ? " (overlaps the previous tensor)" : " (a gap)"));
            }
            expect = e.end();
        }
        if (expect != dataLength) {
            throw bad(file, expect > dataLength
                    ? "truncated: the tensors need " + expect + " data bytes, the file holds " + dataLength
                    : dataLength - expect + " unexpected bytes after the last tensor");
        }
        return new Header(Collections.unmodifiableMap(metadata), Collections.unmodifiableList(entries),
                8 + n, dataLength);
    }

    private static Entry entry(String file, String name, Object value) throws IOException {
        if (!(value instanceof Map<?, ?> m)) {
            throw bad(file, "tensor " + name + ": entry is not an object");
        }
        if (!(m.get("dtype") instanceof String dtype)) {
            throw bad(file, "tensor " + name + ": missing string \"dtype\"");
        }
        long[] shape = longs(file, name, "shape", m.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", m.get("data_offsets"), 2);
        if (offsets[0] > offsets[1]) {
            throw bad(file, "tensor " + name + ": data_offsets " + offsets[0] + " > " + offsets[1]);
        }
        int elem = dtypeSize(dtype);
        if (elem < 0) {
            throw bad(file, "tensor " + name + ": unknown dtype \"" + dtype + "\"");
        }
        Entry e = new Entry(name, dtype, shape, offsets[0], offsets[1]);
        long bytes;
        try {
            bytes = Math.multiplyExact(e.numel(), elem);
        } catch (ArithmeticException ex) {
            throw bad(file, "tensor " + name + ": shape " + e.shapeString() + " is too large");
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw bad(file, "tensor " + name + ": " + dtype + " " + e.shapeString() + " needs " + bytes
                    + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
        }
        return e;
    }

    private static long[] longs(String file, String name, String field, Object value, int length)
            throws IOException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw bad(file, "tensor " + name + ": \"" + field + "\" must be an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[list.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(list.get(k) instanceof Long x) || x < 0) {
                throw bad(file, "tensor " + name + ": \"" + field + "\"[" + k + "] = " + list.get(k)
                        + " is not a non-negative integer");
            }
            out[k] = x;
        }
        return out;
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long position, String file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new EOFException(file + ": truncated: unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    static IOException bad(String file, String what) {
        return new IOException(file + ": not a valid safetensors checkpoint: " + what);
    }
}
