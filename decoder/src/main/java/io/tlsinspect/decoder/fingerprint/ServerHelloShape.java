package io.tlsinspect.decoder.fingerprint;

import java.util.List;

/** A ServerHello's extension list and its JA3S, shared by every ServerHello of the same shape. */
public record ServerHelloShape(List<Integer> extensions, String ja3s, String ja3sHash) {
}
