package io.faultline.checkers.linear;

/** A checker's answer. Combining answers gives INVALID over UNKNOWN over VALID. */
public enum Verdict {
    VALID,
    /** The checker ran out of its time or memory budget, or was cancelled, before deciding. */
    UNKNOWN,
    INVALID;

    public Verdict and(Verdict other) {
        return this.ordinal() >= other.ordinal() ? this : other;
    }

    /** As Jepsen prints {@code :valid?}: true, false or "unknown". */
    public Object jepsenValid() {
        switch (this) {
            case VALID: return Boolean.TRUE;
            case INVALID: return Boolean.FALSE;
            default: return "unknown";
        }
    }
}
