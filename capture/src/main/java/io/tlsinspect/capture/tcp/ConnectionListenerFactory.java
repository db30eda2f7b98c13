package io.tlsinspect.capture.tcp;

/** Creates the listener for a newly seen connection. */
@FunctionalInterface
public interface ConnectionListenerFactory {
    ConnectionListener open(ConnectionInfo info);
}
