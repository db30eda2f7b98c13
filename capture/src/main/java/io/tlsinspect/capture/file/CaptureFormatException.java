package io.tlsinspect.capture.file;

import java.io.IOException;

/** The input is not a capture file, or is corrupt beyond what can be skipped. The message is one
 * plain sentence for the user. */
public class CaptureFormatException extends IOException {
    public CaptureFormatException(String message) {
        super(message);
    }
}
