package io.tlsinspect.capture.live;

import java.io.IOException;

/**
 * Live capture could not start or went wrong. The message is one line for the user (it names the fix),
 * because the person reading it is an operator on a failing server, not a Java developer.
 */
public final class LiveCaptureException extends IOException {
    /** Why, so the command line can choose the exit code (a mistyped interface or filter is usage). */
    public enum Kind { LIBRARY_MISSING, PERMISSION, NO_SUCH_INTERFACE, BAD_FILTER, CAPTURE_FAILED }

    private final Kind kind;

    public LiveCaptureException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
