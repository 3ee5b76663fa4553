package dev.modelkit.kernel.model;

import dev.modelkit.model.Component;
import dev.modelkit.model.ParameterSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a model's parameters sit: tensors, parameters, fp32 bytes and share of the total for
 * each {@link Component}, in enum order (a component without tensors, such as a tied head, has a
 * row of zeros).
 *
 * @param component  the component
 * @param tensors    parameter tensors in it
 * @param parameters scalar parameters in it
 * @param bytes      fp32 bytes of its weights
 * @param share      parameters / all parameters, in [0, 1]
 */
public record ComponentBreakdown(Component component, int tensors, long parameters, long bytes, double share) {

    /** One row per component for a layout such as {@code model.config().layout()}. */
    public static List<ComponentBreakdown> of(List<ParameterSpec> layout) {
        Component[] all = Component.values();
        int[] tensors = new int[all.length];
        long[] params = new long[all.length];
        long[] bytes = new long[all.length];
        long total = 0;
        for (ParameterSpec spec : layout) {
            int c = spec.component().ordinal();
            tensors[c]++;
            params[c] += spec.numel();
            bytes[c] += spec.bytesFp32();
            total += spec.numel();
        }
        List<ComponentBreakdown> rows = new ArrayList<>(all.length);
        for (Component c : all) {
            int i = c.ordinal();
            rows.add(new ComponentBreakdown(c, tensors[i], params[i], bytes[i],
                    total == 0 ? 0 : (double) params[i] / total));
        }
        return List.copyOf(rows);
    }

    /** {@code EMBEDDINGS} → {@code embeddings}. */
    public String label() {
        return component.name().toLowerCase(java.util.Locale.ROOT);
    }
}
