package io.tlsinspect.cli.options;

/** The command line is wrong; the message is one line for the user. Exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
