package dev.modelkit.kernel.profile;

import dev.modelkit.kernel.TestKernel;
import dev.modelkit.kernel.basekernel.BaseKernelInstaller;
import dev.modelkit.kernel.host.InPlaceProgress;
import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %bench} and the profile renderer in a real basekernel kernel, driven over ZMQ. */
@Timeout(120)
class ProfileDisplayTest {

    private static TestKernel kernel;
    private static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        kernel = new TestKernel();
        BaseKernelInstaller.install(kernel, ProfileDisplay.feature());
        client = new KernelClient(kernel);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void benchShowsAProgressBarUpdatedInPlaceThenTheProfile() {
        List<KernelClient.Raw> msgs = client.execute("%bench tiny --runs 2 --warmup 1 --init eager,lazy", 60_000);

        KernelClient.Raw reply = msgs.get(msgs.size() - 1);
        assertEquals("execute_reply", reply.type());
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());

        List<KernelClient.Raw> displays = msgs.stream().filter(m -> m.type().equals("display_data")).toList();
        List<KernelClient.Raw> updates = msgs.stream().filter(m -> m.type().equals("update_display_data")).toList();
        assertEquals(2, displays.size(), "the empty bar, then the profile: " + msgs);

        KernelClient.Raw bar = displays.get(0);
        assertNotNull(bar.displayId());
        assertTrue(bar.data("text/html").contains("<progress value=\"0\" max=\"6\""), bar.data("text/html"));
        // 2 cases x (1 warm-up + 2 runs) = 6 builds, one update each, then the closing one.
        assertEquals(7, updates.size());
        for (int i = 0; i < updates.size(); i++) {
            KernelClient.Raw u = updates.get(i);
            assertEquals(bar.displayId(), u.displayId(), "every update replaces the same bar");
            int done = Math.min(i + 1, 6);
            assertTrue(u.data("text/html").contains("<progress value=\"" + done + "\" max=\"6\""), u.data("text/html"));
            assertTrue(u.data("text/plain").contains(done + "/6"), u.data("text/plain"));
        }
        assertTrue(updates.get(6).data("text/plain").contains("done in"));

        KernelClient.Raw result = displays.get(1);
        assertNull(result.displayId());
        String text = result.data("text/plain");
        String html = result.data("text/html");
        assertTrue(text.contains("median ms") && text.contains("TINY") && text.contains("LAZY"), text);
        assertTrue(html.contains("<b>creation summary</b>"), html);
        assertTrue(html.contains(">median_ms</th>") && html.contains(">ratio</th>"), html);

        CreationProfile last = ProfileDisplay.lastProfile();
        assertNotNull(last);
        assertEquals(2, last.summaries().size());
        assertEquals(6, last.runs().size());
    }

    @Test
    void benchReturnsTheProfileItDisplaysAndInstallsOnce() throws Exception {
        assertFalse(BaseKernelInstaller.install(kernel, ProfileDisplay.feature()), "installed in start(): a second install is a no-op");
        int before = kernel.displayed.size();
        // What "CreationProfile p = %bench tiny ..." assigns: the magic's value.
        CreationProfile p = kernel.getMagics().applyLineMagic("bench",
                List.of("tiny", "--runs", "1", "--warmup", "0", "--init", "lazy"));
        assertEquals(1, p.runs().size());
        assertSame(p, ProfileDisplay.lastProfile());
        List<DisplayData> shown = kernel.displayed.subList(before, kernel.displayed.size());
        assertEquals(2, shown.size(), "the bar, then the profile");
        assertTrue(shown.get(0).hasDisplayId());
        assertEquals(p.toString(), shown.get(1).getData(MIMEType.TEXT_PLAIN));
        assertFalse(shown.get(1).hasDisplayId());
    }

    @Test
    void badArgumentsComeBackAsAnErrorNamingTheOption() {
        List<KernelClient.Raw> msgs = client.execute("%bench tiny --runs 0", 30_000);
        KernelClient.Raw reply = msgs.get(msgs.size() - 1);
        assertEquals("error", reply.content().get("status").getAsString(), reply.content().toString());
        String evalue = reply.content().get("evalue").getAsString();
        assertTrue(evalue.contains("runs=0 is not allowed") && evalue.contains("usage: %bench"), evalue);
        assertTrue(msgs.stream().noneMatch(m -> m.type().equals("display_data")),
                "nothing is displayed before the arguments are checked");
    }

    @Test
    void progressBarAndInstallRefuseBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaseKernelInstaller.progress(kernel, "x", 0));
        assertTrue(e.getMessage().startsWith("total = 0"), e.getMessage());
        InPlaceProgress bar = BaseKernelInstaller.progress(kernel, "x", 3);  // outside a cell: nothing is sent
        e = assertThrows(IllegalArgumentException.class, () -> bar.update(4, ""));
        assertTrue(e.getMessage().startsWith("done = 4"), e.getMessage());
        bar.update(3, "");
        assertEquals(1, bar.updates());
        e = assertThrows(IllegalArgumentException.class, () -> BaseKernelInstaller.install(null, ProfileDisplay.feature()));
        assertTrue(e.getMessage().startsWith("kernel"), e.getMessage());
    }

    @Test
    void rendersAProfileAsTextAndHtml() {
        CreationProfile p = CreationProfiler.builder().presets(Preset.TINY).inits(Init.LAZY).warmup(0).runs(1).run();
        DisplayData d = kernel.getRenderer().render(p);
        assertEquals(p.toString(), d.getData(MIMEType.TEXT_PLAIN));
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.startsWith("<div class=\"modelkit-profile\">"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">TINY</td>"), html);
        assertTrue(html.contains("417,792"), html);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProfileView().render(p, "image/png"));
        assertTrue(e.getMessage().contains("image/png") && e.getMessage().contains("text/html, text/plain"),
                e.getMessage());
    }
}
