package dev.cpuhp.hotplug;

/** {@code enum cpuhp_smt_control}, with the strings {@code smt/control} shows. */
public enum SmtControl {
    ENABLED("on"),
    DISABLED("off"),
    FORCE_DISABLED("forceoff"),
    NOT_SUPPORTED("notsupported"),
    NOT_IMPLEMENTED("notimplemented");

    private final String sysfs;

    SmtControl(String sysfs) {
        this.sysfs = sysfs;
    }

    public String sysfs() {
        return sysfs;
    }
}
