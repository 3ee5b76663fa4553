package dev.modelkit.kernel.display;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.MagicParser;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

/**
 * The smallest real kernel that runs line magics: a basekernel {@link BaseKernel} with a
 * {@link Magics} registry exposed as IJava exposes it ({@code getMagics()}), whose cells may hold
 * only magic lines. Each magic runs while the cell executes, as IJava's rewritten statement would.
 */
public final class MagicKernel extends BaseKernel {

    private final Magics magics = new Magics();
    private final MagicParser parser = new MagicParser();

    public Magics getMagics() {
        return magics;
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        String rest = parser.transformLineMagics(code, ctx -> {
            try {
                magics.applyLineMagic(ctx.getMagicCall().getName(), ctx.getMagicCall().getArgs());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return "";
        });
        if (!rest.isBlank()) {
            throw new IllegalArgumentException("this test kernel runs magic lines only, not: " + rest.trim());
        }
        return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("magics").version("1").mimetype("text/plain").fileExtension(".txt").build();
    }
}
