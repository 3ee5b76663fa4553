package dev.modelkit.kernel.wire;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;

/**
 * The cells this kernel process ran, answering {@code history_request} (tail, range, search) as
 * IPython does for its current session. Only this session is known: the kernel keeps no
 * history database. Outputs are not recorded, so {@code output=true} pairs each input with null,
 * as IPython does when it does not log outputs.
 */
final class SessionHistory {
    /** IPython numbers sessions from 1; this process is always the one session. */
    static final int SESSION = 1;

    private record Cell(int line, String input) {
    }

    private final List<Cell> cells = new ArrayList<>();
    private int executions; // basekernel counts every execute_request, silent ones too

    /** Called as each execute_request is handed to the kernel, so lines match execution_count. */
    synchronized void executing(JsonObject content) {
        executions++;
        boolean silent = bool(content, "silent", false);
        if (!silent && bool(content, "store_history", true)) {
            cells.add(new Cell(executions, content.get("code").getAsString()));
        }
    }

    void reply(ShellReplyEnvironment env, JsonObject request) {
        env.setBusyDeferIdle();
        JsonObject content = new JsonObject();
        JsonArray history = new JsonArray();
        boolean output = bool(request, "output", false);
        for (Cell c : select(request)) {
            JsonArray entry = new JsonArray();
            entry.add(SESSION);
            entry.add(c.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(c.input());
                io.add((String) null);
                entry.add(io);
            } else {
                entry.add(c.input());
            }
            history.add(entry);
        }
        content.addProperty("status", "ok");
        content.add("history", history);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message reply = new Message(env.getContext(), MessageType.HISTORY_REPLY, content);
        env.reply(reply);
    }

    private synchronized List<Cell> select(JsonObject r) {
        String access = r.get("hist_access_type").getAsString();
        int n = r.has("n") && !r.get("n").isJsonNull() ? r.get("n").getAsInt() : Integer.MAX_VALUE;
        switch (access) {
            case "tail":
                return last(cells, n);
            case "range": {
                int session = integer(r, "session", 0);
                if (session != 0 && session != SESSION) { // 0 is IPython's "this session"
                    return List.of();
                }
                int start = integer(r, "start", 1);
                int stop = integer(r, "stop", Integer.MAX_VALUE); // IPython: exclusive, absent = to the end
                List<Cell> out = new ArrayList<>();
                for (Cell c : cells) {
                    if (c.line() >= start && c.line() < stop) {
                        out.add(c);
                    }
                }
                return out;
            }
            case "search": {
                String pattern = r.has("pattern") ? r.get("pattern").getAsString() : "*";
                Pattern glob = globToRegex(pattern);
                boolean unique = bool(r, "unique", false);
                List<Cell> matches = new ArrayList<>();
                Set<String> inputs = new LinkedHashSet<>();
                for (int i = cells.size() - 1; i >= 0; i--) { // newest first, so unique keeps the latest
                    Cell c = cells.get(i);
                    if (glob.matcher(c.input()).matches() && (!unique || inputs.add(c.input()))) {
                        matches.add(0, c);
                    }
                }
                return last(matches, n);
            }
            default:
                return List.of(); // ContentRules let only strings through; unknown kinds find nothing
        }
    }

    private static List<Cell> last(List<Cell> list, int n) {
        return n >= list.size() ? new ArrayList<>(list) : new ArrayList<>(list.subList(list.size() - Math.max(0, n), list.size()));
    }

    /** IPython searches with SQLite's GLOB: {@code *}, {@code ?} and {@code [...]}, case-sensitive. */
    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            switch (ch) {
                case '*' -> re.append("(?s:.*)");
                case '?' -> re.append("(?s:.)");
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close <= i + 1) {
                        re.append("\\[");
                    } else {
                        re.append('[').append(glob.substring(i + 1, close).replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static boolean bool(JsonObject o, String field, boolean otherwise) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : otherwise;
    }

    private static int integer(JsonObject o, String field, int otherwise) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : otherwise;
    }
}
