package dev.modelkit.kernel.wire;

import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The content fields each request must carry, with their JSON types, from the Jupyter messaging
 * spec (v5.3). Checked before a handler sees the message, so a handler never meets a null code
 * or a string where it expects a number.
 */
final class ContentRules {
    private enum Type { STRING, NUMBER, BOOLEAN, OBJECT }

    private record Field(String name, Type type, boolean required) {
    }

    private static Field req(String name, Type type) {
        return new Field(name, type, true);
    }

    private static Field opt(String name, Type type) {
        return new Field(name, type, false);
    }

    private static final Map<String, List<Field>> RULES = Map.ofEntries(
            Map.entry("execute_request", List.of(req("code", Type.STRING), opt("silent", Type.BOOLEAN),
                    opt("store_history", Type.BOOLEAN), opt("allow_stdin", Type.BOOLEAN),
                    opt("stop_on_error", Type.BOOLEAN), opt("user_expressions", Type.OBJECT))),
            Map.entry("inspect_request", List.of(req("code", Type.STRING), req("cursor_pos", Type.NUMBER),
                    opt("detail_level", Type.NUMBER))),
            Map.entry("complete_request", List.of(req("code", Type.STRING), req("cursor_pos", Type.NUMBER))),
            Map.entry("is_complete_request", List.of(req("code", Type.STRING))),
            Map.entry("history_request", List.of(req("hist_access_type", Type.STRING), opt("output", Type.BOOLEAN),
                    opt("raw", Type.BOOLEAN), opt("session", Type.NUMBER), opt("start", Type.NUMBER),
                    opt("stop", Type.NUMBER), opt("n", Type.NUMBER), opt("pattern", Type.STRING),
                    opt("unique", Type.BOOLEAN))),
            Map.entry("kernel_info_request", List.of()),
            Map.entry("comm_info_request", List.of(opt("target_name", Type.STRING))),
            Map.entry("shutdown_request", List.of(opt("restart", Type.BOOLEAN))),
            Map.entry("interrupt_request", List.of()),
            Map.entry("comm_open", List.of(req("comm_id", Type.STRING), req("target_name", Type.STRING),
                    opt("data", Type.OBJECT))),
            Map.entry("comm_msg", List.of(req("comm_id", Type.STRING), opt("data", Type.OBJECT))),
            Map.entry("comm_close", List.of(req("comm_id", Type.STRING), opt("data", Type.OBJECT))),
            Map.entry("input_reply", List.of(req("value", Type.STRING))));

    private ContentRules() {
    }

    static boolean known(String msgType) {
        return RULES.containsKey(msgType);
    }

    /** @throws Rejected naming the first missing or wrongly typed field */
    static void check(String msgType, JsonObject content) throws Rejected {
        for (Field f : RULES.getOrDefault(msgType, List.of())) {
            JsonElement v = content.get(f.name());
            if (v == null || v.isJsonNull()) {
                if (f.required()) {
                    throw new Rejected("missing field", msgType + " content." + f.name());
                }
                continue;
            }
            boolean ok = switch (f.type()) {
                case STRING -> Envelope.isString(v);
                case NUMBER -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()
                        && v.getAsDouble() == Math.rint(v.getAsDouble()) && Math.abs(v.getAsDouble()) <= Integer.MAX_VALUE;
                case BOOLEAN -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean();
                case OBJECT -> v.isJsonObject();
            };
            if (!ok) {
                throw new Rejected("wrongly typed field", msgType + " content." + f.name() + " is "
                        + Envelope.kind(v) + ", not " + switch (f.type()) {
                            case STRING -> "a string";
                            case NUMBER -> "an integer";
                            case BOOLEAN -> "a boolean";
                            case OBJECT -> "an object";
                        });
            }
        }
    }
}
