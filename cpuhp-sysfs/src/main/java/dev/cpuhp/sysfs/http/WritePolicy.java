package dev.cpuhp.sysfs.http;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may write: anyone on this machine (a loopback address); from elsewhere only with the
 * configured token ({@code Authorization: Bearer TOKEN}), and no one when there is none.
 *
 * @param token the shared secret, or null
 */
public record WritePolicy(String token) {

    public boolean allows(InetAddress remote, String authorization) {
        if (remote.isLoopbackAddress()) {
            return true;
        }
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        // constant-time comparison: the token is a secret
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
