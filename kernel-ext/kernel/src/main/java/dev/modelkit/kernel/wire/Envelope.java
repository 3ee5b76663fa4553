package dev.modelkit.kernel.wire;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One incoming Jupyter message, split and checked frame by frame before anything trusts it:
 * {@code [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]}.
 * Parsing never throws anything but {@link Rejected}.
 */
record Envelope(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
        JsonObject content, List<byte[]> buffers) {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    String msgType() {
        return header.get("msg_type").getAsString();
    }

    String msgId() {
        return header.get("msg_id").getAsString();
    }

    /**
     * Splits and authenticates {@code frames}; the JSON is parsed only after the signature matched,
     * so an unauthenticated sender cannot make the kernel parse anything.
     */
    static Envelope parse(List<byte[]> frames, Signer signer) throws Rejected {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new Rejected("bad framing", "no <IDS|MSG> delimiter in " + frames.size() + " frames");
        }
        if (frames.size() - delimiter - 1 < 5) {
            throw new Rejected("bad framing", "too few frames after <IDS|MSG>: "
                    + (frames.size() - delimiter - 1) + ", need 5 (signature, header, parent_header, metadata, content)");
        }
        int s = delimiter + 1;
        byte[][] signed = {frames.get(s + 1), frames.get(s + 2), frames.get(s + 3), frames.get(s + 4)};
        signer.verify(frames.get(s), signed);

        JsonObject header = object("header", signed[0]);
        requireString(header, "header", "msg_id");
        requireString(header, "header", "msg_type");
        for (String optional : List.of("username", "session", "version", "date")) {
            if (header.has(optional) && !isString(header.get(optional))) {
                throw new Rejected("wrongly typed header", "header." + optional + " is not a string");
            }
        }
        List<byte[]> identities = new ArrayList<>(frames.subList(0, delimiter));
        try {
            JsonObject parent = object("parent_header", signed[1]);
            JsonObject metadata = object("metadata", signed[2]);
            JsonObject content = object("content", signed[3]);
            return new Envelope(identities, header, parent, metadata, content,
                    new ArrayList<>(frames.subList(s + 5, frames.size())));
        } catch (Rejected r) {
            // The header is sound, so the sender can be told: an error reply where one is allowed.
            throw r.in(new Envelope(identities, header, new JsonObject(), new JsonObject(), new JsonObject(), List.of()));
        }
    }

    private static JsonObject object(String field, byte[] raw) throws Rejected {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new Rejected("non-JSON " + field, "not UTF-8");
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (RuntimeException | StackOverflowError ex) { // gson: JsonSyntaxException; deep nesting
            throw new Rejected("non-JSON " + field, null);
        }
        if (!e.isJsonObject()) {
            throw new Rejected("wrongly typed " + field, field + " is " + kind(e) + ", not an object");
        }
        return e.getAsJsonObject();
    }

    static void requireString(JsonObject o, String where, String field) throws Rejected {
        if (!o.has(field)) {
            throw new Rejected("missing field", where + "." + field);
        }
        if (!isString(o.get(field))) {
            throw new Rejected("wrongly typed field", where + "." + field + " is " + kind(o.get(field)) + ", not a string");
        }
    }

    static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        var p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
    }
}
