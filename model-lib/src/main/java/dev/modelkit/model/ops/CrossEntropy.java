package dev.modelkit.model.ops;

/**
 * Softmax cross-entropy over logits (N, V): the forward returns the summed loss, the backward
 * the gradient of the <em>mean</em> loss, (probs - onehot(target)) / N.
 */
public final class CrossEntropy {

    private CrossEntropy() {
    }

    /**
     * probs (N, V) = softmax(logits); returns sum over rows of -log p[target], each computed as
     * logsumexp(logits) - logits[target] in double, so it stays finite where p underflows.
     */
    public static double forward(float[] probs, float[] logits, int[] targets, int rows, int v) {
        double total = 0;
        for (int t = 0; t < rows; t++) {
            int off = t * v;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < v; i++) {
                max = Math.max(max, logits[off + i]);
            }
            double sum = 0;
            for (int i = 0; i < v; i++) {
                float e = (float) Math.exp(logits[off + i] - max);
                probs[off + i] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int i = 0; i < v; i++) {
                probs[off + i] *= inv;
            }
            total += Math.log(sum) + max - logits[off + targets[t]];
        }
        return total;
    }

    /** dlogits (N, V) = (probs - onehot(targets)) / N, <b>overwriting</b> dlogits. */
    public static void backward(float[] dlogits, float[] probs, int[] targets, int rows, int v) {
        float inv = 1f / rows;
        for (int t = 0; t < rows; t++) {
            int off = t * v;
            for (int i = 0; i < v; i++) {
                dlogits[off + i] = probs[off + i] * inv;
            }
            dlogits[off + targets[t]] -= inv;
        }
    }
}
