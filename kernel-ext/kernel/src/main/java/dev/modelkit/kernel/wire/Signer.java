package dev.modelkit.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the HMAC of incoming messages as Jupyter's {@code Session} does: the signature over
 * header, parent header, metadata and content, compared in constant time, and a history of the
 * signatures already accepted so a replayed request is not run twice. An empty key (allowed only
 * when the connection file says so) means no signature is checked, as in {@code Session}.
 */
final class Signer {
    /** Jupyter's Session keeps 2^16 digests and forgets the oldest tenth when full. */
    static final int HISTORY_SIZE = 1 << 16;

    private final Mac mac; // null: the connection file's key is empty
    private final Set<String> seen = new LinkedHashSet<>();

    Signer(String scheme, String key) throws GeneralSecurityException {
        if (key.isEmpty()) {
            this.mac = null;
            return;
        }
        if (scheme == null || !scheme.startsWith("hmac-")) {
            throw new GeneralSecurityException("signature_scheme = '" + scheme
                    + "' is not supported; allowed: hmac-sha256 (or another hmac-<digest> the JDK has)");
        }
        String algorithm = "Hmac" + scheme.substring("hmac-".length()).toUpperCase().replace("-", "");
        this.mac = Mac.getInstance(algorithm);
        this.mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), algorithm));
    }

    boolean authenticates() {
        return mac != null;
    }

    /**
     * Verifies {@code signature} (hex, as sent) over the four JSON frames and records it.
     *
     * @throws Rejected "bad signature" or "replayed message"
     */
    synchronized void verify(byte[] signature, byte[][] parts) throws Rejected {
        if (mac == null) {
            return;
        }
        for (byte[] p : parts) {
            mac.update(p);
        }
        byte[] expected = HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature)) { // constant time for equal lengths
            throw new Rejected("bad signature");
        }
        String digest = new String(signature, StandardCharsets.US_ASCII);
        if (!seen.add(digest)) {
            throw new Rejected("replayed message", "signature already seen");
        }
        if (seen.size() > HISTORY_SIZE) {
            var it = seen.iterator();
            for (int i = 0; i < HISTORY_SIZE / 10 && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
        }
    }
}
