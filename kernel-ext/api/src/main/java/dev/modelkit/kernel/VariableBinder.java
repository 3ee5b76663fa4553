package dev.modelkit.kernel;

/**
 * Optional kernel capability: declare a notebook variable from Java code. A kernel that
 * implements it lets {@code %model tiny name=m} define {@code m} for later cells.
 *
 * <p>Stock IJava and JJava cannot: a magic runs inside the cell's own snippet, and evaluating a
 * declaration from there would wait on IJava's single execution thread, which is busy running that
 * very snippet. On them the magic's value is bound by assignment, {@code Transformer m = %model tiny},
 * or fetched later with {@code dev.modelkit.kernel.NotebookModels.model(String)} (extension module). A kernel implementing this interface should
 * declare the variable once the current cell has finished, e.g. by evaluating
 * {@code dev.modelkit.model.Transformer m = dev.modelkit.kernel.NotebookModels.model("m");}.
 */
public interface VariableBinder {

    /**
     * Declares (or redeclares) {@code name} of type {@code type} holding {@code value}.
     *
     * @param name  a Java identifier
     * @param type  the declared type; a public class visible to notebook code
     * @param value the value, also registered in {@code NotebookModels} (extension module) under {@code name}
     */
    void bindVariable(String name, Class<?> type, Object value);
}
