package dev.cpuhp.errno;

/**
 * A callback may throw this instead of returning a negative errno: the hotplug core treats it
 * as {@code return -errno} (any other exception counts as {@code -EIO} and is logged).
 */
public final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public ErrnoException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
