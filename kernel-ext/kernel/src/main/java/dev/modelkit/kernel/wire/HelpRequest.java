package dev.modelkit.kernel.wire;

import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;

/**
 * IPython's help syntax: a cell that is only {@code name?} (or {@code name??} for more detail)
 * shows the name's documentation in the pager, through the execute_reply's {@code page}
 * payload, as Jupyter's front ends expect. The documentation is the kernel's inspect answer.
 */
final class HelpRequest {
    private static final Gson GSON = new Gson();
    private static final Pattern HELP = Pattern.compile("\\s*([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*(\\?\\??)\\s*");

    private HelpRequest() {
    }

    /** The name asked about, or null when the cell is ordinary code. */
    static Matcher match(String code) {
        Matcher m = HELP.matcher(code);
        return m.matches() ? m : null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void answer(ShellReplyEnvironment env, BaseKernel kernel, IntSupplier nextCount, String code, Matcher help) {
        int count = nextCount.getAsInt();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(code, count));
        String name = help.group(1).replaceAll("\\s+", "");
        JsonArray payload = new JsonArray();
        DisplayData doc;
        try {
            doc = kernel.inspect(name, name.length(), help.group(2).length() > 1);
        } catch (Exception e) {
            doc = null;
        }
        if (doc == null) {
            env.publish(new PublishStream(PublishStream.StreamType.OUT, "No documentation found for " + name + "\n"));
        } else {
            JsonObject page = new JsonObject();
            page.addProperty("source", "page");
            page.add("data", GSON.toJsonTree(doc).getAsJsonObject().get("data"));
            page.addProperty("start", 0);
            payload.add(page);
        }
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("execution_count", count);
        content.add("payload", payload);
        content.add("user_expressions", new JsonObject());
        env.reply(new Message(env.getContext(), MessageType.EXECUTE_REPLY, content));
    }
}
