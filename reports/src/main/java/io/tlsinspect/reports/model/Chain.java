package io.tlsinspect.reports.model;

import java.util.List;

/**
 * A retry chain of two or more attempts (DESIGN §5, §6 {@code chains}).
 *
 * @param id 1-based, in order of the first attempt's time
 * @param server the chain key's server part: SNI, else the server IP
 * @param attempts connection ids in time order
 * @param versions offered maximum version of each attempt ({@code TLSv1.2})
 * @param serverIps the server address each attempt went to (round-robin DNS: they may differ)
 * @param fallbackScsv whether each attempt offered TLS_FALLBACK_SCSV
 * @param rootOutcome how the first attempt ended: the cause behind the chain
 * @param finalOutcome how the last attempt ended
 * @param recovered the last attempt was established
 */
public record Chain(int id, String clientIp, String server, List<Long> attempts, List<String> versions,
                   List<String> serverIps, List<Boolean> fallbackScsv, OutcomeKey rootOutcome,
                   OutcomeKey finalOutcome, boolean recovered) {
    public Chain {
        attempts = List.copyOf(attempts);
        versions = List.copyOf(versions);
        serverIps = List.copyOf(serverIps);
        fallbackScsv = List.copyOf(fallbackScsv);
    }

    public long rootConnection() {
        return attempts.get(0);
    }
}
