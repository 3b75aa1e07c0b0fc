package dev.cpuhp.errno;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Linux error numbers the hotplug core and its sysfs files answer with (x86-64 values).
 *
 * <p>The engine follows the kernel's convention: an operation returns {@code 0} (or a positive
 * value) on success and a negative errno on failure, e.g. {@code -EBUSY}. {@link #ret()} gives
 * that negative value; {@link #of(int)} maps it back.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    E2BIG(7, "Argument list too long"),
    ENXIO(6, "No such device or address"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENOSPC(28, "No space left on device"),
    EROFS(30, "Read-only file system"),
    ERANGE(34, "Numerical result out of range"),
    EDEADLK(35, "Resource deadlock avoided"),
    ENOSYS(38, "Function not implemented"),
    EAGAIN(11, "Resource temporarily unavailable"),
    EOPNOTSUPP(95, "Operation not supported"),
    ETIMEDOUT(110, "Connection timed out"),
    ECANCELED(125, "Operation canceled");

    private final int number;
    private final String message;

    Errno(int number, String message) {
        this.number = number;
        this.message = message;
    }

    /** The positive errno value, as in {@code errno.h}. */
    public int number() {
        return number;
    }

    /** The kernel-style return value: {@code -number}. */
    public int ret() {
        return -number;
    }

    /** strerror(3) text, e.g. "Invalid argument". */
    public String message() {
        return message;
    }

    /** Maps a negative return value (or a positive errno) to its name, if known. */
    public static Optional<Errno> of(int value) {
        int n = Math.abs(value);
        return Arrays.stream(values()).filter(e -> e.number == n).findFirst();
    }

    /** Renders a kernel return value: "0", or "-22 (EINVAL)". */
    public static String describe(int ret) {
        if (ret >= 0) {
            return Integer.toString(ret);
        }
        return ret + of(ret).map(e -> " (" + e.name() + ")").orElse("");
    }
}
