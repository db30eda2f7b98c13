package io.tlsinspect.capture.tcp;

/** One end of a connection: an IP address in its usual text form and a TCP port. */
public record Endpoint(String ip, int port) {
    @Override
    public String toString() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
