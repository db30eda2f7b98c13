package io.tlsinspect.decoder;

import static io.tlsinspect.decoder.TestConnection.C;
import static io.tlsinspect.decoder.TestConnection.S;
import static io.tlsinspect.decoder.TlsBytes.*;
import static org.assertj.core.api.Assertions.assertThat;
import io.tlsinspect.capture.tcp.EndReason;
import io.tlsinspect.decoder.DecoderStats.Counter;
import io.tlsinspect.decoder.model.AlertEvent;
import io.tlsinspect.decoder.model.HandshakeRecord;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.decoder.tls.handshake.Sslv2ClientHelloParserTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per DESIGN §4 row (and the rules between rows), driving the listener with event sequences. */
class OutcomeTaxonomyTest {

    static byte[] clientHello() {
        return new TlsBytes.ClientHello().suites(0x1301, 0xc02f, 0x009c).ext(sni("shop.example"))
                .ext(ext(43, vec8(u16s(0x0304, 0x0303)))).record();
    }

    static byte[] clientHello12() {
        return new TlsBytes.ClientHello().suites(0xc02f, 0x009c).ext(sni("shop.example")).record();
    }

    /** TLS 1.2 server flight: ServerHello, Certificate (empty list), ServerHelloDone. */
    static byte[] serverFlight12() {
        return record(22, 0x0303, concat(serverHello12(0xc02f), handshake(11, vec24(new byte[0])),
                handshake(14, new byte[0])));
    }

    /** TLS 1.3 ServerHello selecting TLS_AES_128_GCM_SHA256, a compatibility CCS, and a protected flight. */
    static byte[] serverFlight13() {
        byte[] sh = serverHello(0x0303, zeros(32), new byte[0], 0x1301, ext(43, u16s(0x0304)),
                ext(51, concat(u16s(0x001d), vec16(zeros(32)))));
        return concat(record(22, 0x0303, sh), ccs(), opaque(23, 27), opaque(23, 800), opaque(23, 280),
                opaque(23, 53));
    }

    static TestConnection tls13UpToServerFlight() {
        return TestConnection.established().data(C, clientHello()).data(S, serverFlight13());
    }

    @Nested
    class Established {
        @Test
        void tls12FullHandshake() {
            HandshakeRecord r = TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                    .data(C, concat(record(22, 0x0303, handshake(16, vec16(zeros(65)))), ccs(), opaque(22, 40)))
                    .data(S, concat(ccs(), opaque(22, 40))).close();
            assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(r.established()).isTrue();
            assertThat(r.history()).isEqualTo("CsxnGIFif");
            assertThat(r.inferred()).isFalse();
            assertThat(r.version()).isEqualTo(0x0303);
        }

        @Test
        void tls12ApplicationDataBothWaysAfterChangeCipherSpec() {
            // Finished records lost to a capture quirk: data both ways after CCS still proves completion.
            HandshakeRecord r = TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                    .data(C, concat(record(22, 0x0303, handshake(16, vec16(zeros(65)))), ccs(), opaque(23, 40)))
                    .data(S, concat(ccs(), opaque(23, 100))).close();
            assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(r.inferred()).isTrue();
            assertThat(r.notes()).anyMatch(n -> n.contains("application data both ways"));
        }

        @Test
        void tls13ClientFinishedSized() {
            // TLS_AES_128_GCM_SHA256: Finished = 4 + 32 + 1 + 16 = 53 bytes of ciphertext.
            HandshakeRecord r = tls13UpToServerFlight().data(C, concat(ccs(), opaque(23, 53))).close();
            assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(r.inferred()).isTrue();
            assertThat(r.version()).isEqualTo(0x0304);
            assertThat(r.history()).isEqualTo("CsidIF");
        }

        @Test
        void tls13ShortClientRecordFollowedByFinishedIsACertificateNotAnAlert() {
            // 35 bytes: between alert-sized (19) and Finished-sized (53); the Finished that follows decides.
            HandshakeRecord r = tls13UpToServerFlight().data(C, opaque(23, 35)).data(C, opaque(23, 53))
                    .data(S, opaque(23, 250)).close();
            assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(r.alerts()).isEmpty();
        }

        @Test
        void tls13ClientCertificateThenServerData() {
            HandshakeRecord r = tls13UpToServerFlight().data(C, opaque(23, 900)).data(C, opaque(23, 53))
                    .data(S, opaque(23, 250)).close();
            assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(r.inferred()).isTrue();
        }
    }

    @Nested
    class ServerAlert {
        @Test
        void plaintextFatalAlert() {
            HandshakeRecord r = TestConnection.established().data(C, clientHello()).data(S, alert(2, 86))
                    .rst(S).close();
            assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            AlertEvent a = r.decisiveAlert();
            assertThat(a.from()).isEqualTo("server");
            assertThat(a.description()).isEqualTo("inappropriate_fallback");
            assertThat(a.code()).isEqualTo(86);
            assertThat(a.encrypted()).isFalse();
            assertThat(a.inferred()).isFalse();
        }

        @Test
        void tls13AlertSizedRecordBeforeCompletionIsInferred() {
            byte[] sh = serverHello(0x0303, zeros(32), new byte[0], 0x1301, ext(43, u16s(0x0304)),
                    ext(51, concat(u16s(0x001d), vec16(zeros(32)))));
            HandshakeRecord r = TestConnection.established().data(C, clientHello())
                    .data(S, concat(record(22, 0x0303, sh), opaque(23, 19))).close();
            assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(r.inferred()).isTrue();
            AlertEvent a = r.decisiveAlert();
            assertThat(a.encrypted()).isTrue();
            assertThat(a.inferred()).isTrue();
            assertThat(a.description()).isNull();
        }

        @Test
        void tls13ServerRejectsTheClientCertificate() {
            HandshakeRecord r = tls13UpToServerFlight().data(C, opaque(23, 900)).data(S, opaque(23, 19)).close();
            assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(r.decisiveAlert().inferred()).isTrue();
        }

        @Test
        void warningLevelUnrecognizedNameIsNotDecisive() {
            HandshakeRecord r = TestConnection.established().data(C, clientHello12())
                    .data(S, concat(alert(1, 112), serverFlight12())).fin(C).close();
            assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ABANDONED);
            assertThat(r.alerts()).hasSize(1);
        }

        @Test
        void theDecisiveAlertIsTheOneThatDecided() {
            // RFC 6066 §3: unrecognized_name may be a warning; RFC 8446 §6: handshake_failure ends the
            // handshake whatever its level. The second alert decided, so it is the one that explains.
            HandshakeRecord r = TestConnection.established().data(C, clientHello())
                    .data(S, concat(alert(1, 112), alert(1, 40))).close();
            assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(r.alerts()).hasSize(2);
            assertThat(r.decisiveAlert().description()).isEqualTo("handshake_failure");
            assertThat(r.decisiveAlert().level()).isEqualTo(1);
        }

        @Test
        void theFirstDecisiveEventWins() {
            HandshakeRecord r = TestConnection.established().data(C, clientHello()).data(S, alert(2, 40))
                    .rst(S).fin(C).close();
            assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(r.decisiveAlert().description()).isEqualTo("handshake_failure");
        }
    }

    @Nested
    class ClientAlert {
        @Test
        void tls13PaddedClientAlertThenCloseIsAClientAlert() {
            // Java's TLS client pads its TLS 1.3 alerts: a 35-byte record (sample-pcaps/failures.pcap #4),
            // then the connection closes with nothing else from the client.
            HandshakeRecord r = tls13UpToServerFlight().data(C, concat(ccs(), opaque(23, 35))).fin(S).fin(C).close();
            assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
            AlertEvent a = r.decisiveAlert();
            assertThat(a.from()).isEqualTo("client");
            assertThat(a.encrypted()).isTrue();
            assertThat(a.inferred()).isTrue();
        }

        @Test
        void plaintextUnknownCa() {
            HandshakeRecord r = TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                    .data(C, alert(2, 48)).fin(C).close();
            assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
            assertThat(r.decisiveAlert().description()).isEqualTo("unknown_ca");
            assertThat(r.decisiveAlert().from()).isEqualTo("client");
        }

        @Test
        void tls13AlertSizedFirstProtectedRecord() {
            HandshakeRecord r = tls13UpToServerFlight().data(C, concat(ccs(), opaque(23, 19))).fin(C).close();
            assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
            assertThat(r.inferred()).isTrue();
            AlertEvent a = r.decisiveAlert();
            assertThat(a.encrypted()).isTrue();
            assertThat(a.inferred()).isTrue();
            assertThat(a.description()).isNull();
            assertThat(a.fatal()).isTrue();
        }

        @Test
        void tls13Sha384AlertAndFinishedSizes() {
            // TLS_AES_256_GCM_SHA384: Finished = 4 + 48 + 1 + 16 = 69; an alert is still 19.
            byte[] sh = serverHello(0x0303, zeros(32), new byte[0], 0x1302, ext(43, u16s(0x0304)),
                    ext(51, concat(u16s(0x001d), vec16(zeros(32)))));
            HandshakeRecord ok = TestConnection.established().data(C, clientHello())
                    .data(S, concat(record(22, 0x0303, sh), opaque(23, 1200))).data(C, opaque(23, 69)).close();
            assertThat(ok.outcome()).isEqualTo(Outcome.ESTABLISHED);
            HandshakeRecord notFinished = TestConnection.established().data(C, clientHello())
                    .data(S, concat(record(22, 0x0303, sh), opaque(23, 1200))).data(C, opaque(23, 53))
                    .fin(C).close();
            // Shorter than a SHA-384 Finished and the client then leaves: a (padded) alert, as Java's
            // TLS client sends them (sample-pcaps/failures.pcap), not a silent abandon.
            assertThat(notFinished.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
            assertThat(notFinished.decisiveAlert().inferred()).isTrue();
        }

        @Test
        void tls12EncryptedAlertAfterChangeCipherSpec() {
            HandshakeRecord r = TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                    .data(C, concat(record(22, 0x0303, handshake(16, vec16(zeros(65)))), ccs(), opaque(22, 40)))
                    .data(S, concat(ccs(), opaque(22, 40 + 0))) // would establish: use a new connection below
                    .close();
            assertThat(r.outcome()).isEqualTo(Outcome.ESTABLISHED);
            HandshakeRecord a = TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                    .data(C, concat(record(22, 0x0303, handshake(16, vec16(zeros(65)))), ccs(), opaque(21, 26)))
                    .close();
            assertThat(a.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
            assertThat(a.decisiveAlert().encrypted()).isTrue();
            assertThat(a.decisiveAlert().level()).isEqualTo(-1);
        }

        /** Both TLS 1.2 Finished, as in tls12FullHandshake. */
        TestConnection tls12Handshake() {
            return TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                    .data(C, concat(record(22, 0x0303, handshake(16, vec16(zeros(65)))), ccs(), opaque(22, 40)))
                    .data(S, concat(ccs(), opaque(22, 40)));
        }

        @Test
        void tls12AlertRightAfterTheHandshakeThenCloseWithoutAnAnswerIsAClientAlert() {
            // issue 8: Firefox ESR 153 rejects a self-signed certificate over TLS 1.2 after the server's
            // Finished: one encrypted 26-byte alert record, FIN; nginx closes without an alert of its own
            // (RFC 5246 §7.2.2: nothing answers a fatal alert) and logs "alert bad certificate"
            HandshakeRecord r = tls12Handshake().data(C, opaque(21, 26)).fin(C).fin(S).close();
            assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
            assertThat(r.established()).isFalse();
            assertThat(r.inferred()).isTrue();
            assertThat(r.decisiveAlert().encrypted()).isTrue();
            assertThat(r.decisiveAlert().inferred()).isTrue();
            assertThat(r.decisiveAlert().description()).isNull();
            HandshakeRecord reset = tls12Handshake().data(C, opaque(21, 26)).rst(C).close();
            assertThat(reset.outcome()).isEqualTo(Outcome.CLIENT_ALERT);
        }

        @Test
        void tls12CloseNotifyExchangeOrDataOrPlainCloseAfterTheHandshakeIsEstablished() {
            // RFC 5246 §7.2.1: close_notify is answered with close_notify; the same record size as a fatal alert
            HandshakeRecord exchange = tls12Handshake().data(C, opaque(21, 26)).data(S, opaque(21, 26)).fin(C).fin(S).close();
            assertThat(exchange.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(exchange.alerts()).isEmpty();
            HandshakeRecord data = tls12Handshake().data(C, opaque(23, 60)).data(C, opaque(21, 26)).fin(C).fin(S).close();
            assertThat(data.outcome()).isEqualTo(Outcome.ESTABLISHED);
            HandshakeRecord closed = tls12Handshake().fin(C).fin(S).close();
            assertThat(closed.outcome()).isEqualTo(Outcome.ESTABLISHED);
            HandshakeRecord ended = tls12Handshake().close();
            assertThat(ended.outcome()).isEqualTo(Outcome.ESTABLISHED);
            assertThat(ended.inferred()).isFalse();
        }
    }

    @Test
    void serverReset() {
        HandshakeRecord r = TestConnection.established().data(C, clientHello()).rst(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(r.tcp().rstFrom()).isEqualTo("server");
    }

    @Test
    void serverClosed() {
        HandshakeRecord r = TestConnection.established().data(C, clientHello()).fin(S).fin(C).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(r.tcp().finFrom()).isEqualTo("server");
    }

    @Test
    void noServerResponseWhenTheClientLeaves() {
        assertThat(TestConnection.established().data(C, clientHello()).fin(C).close().outcome())
                .isEqualTo(Outcome.NO_SERVER_RESPONSE);
        assertThat(TestConnection.established().data(C, clientHello()).rst(C).close().outcome())
                .isEqualTo(Outcome.NO_SERVER_RESPONSE);
    }

    @Test
    void noServerResponseAtIdleTimeoutOrEviction() {
        assertThat(TestConnection.established().data(C, clientHello()).close(EndReason.IDLE_TIMEOUT).outcome())
                .isEqualTo(Outcome.NO_SERVER_RESPONSE);
        assertThat(TestConnection.established().data(C, clientHello()).close(EndReason.EVICTED).outcome())
                .isEqualTo(Outcome.NO_SERVER_RESPONSE);
    }

    @Test
    void clientAbandonedAfterTheServerFlight() {
        HandshakeRecord r = TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                .fin(C).fin(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_ABANDONED);
        HandshakeRecord r13 = tls13UpToServerFlight().rst(C).close();
        assertThat(r13.outcome()).isEqualTo(Outcome.CLIENT_ABANDONED);
    }

    @Test
    void notTls() {
        HandshakeRecord r = TestConnection.established()
                .data(C, "GET / HTTP/1.1\r\nHost: shop.example\r\n\r\n".getBytes()).fin(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_TLS);
        assertThat(r.clientHello()).isNull();
        assertThat(r.history()).isEqualTo("Q");
    }

    @Test
    void aTlsRecordThatIsNotAHandshakeIsNotATlsStart() {
        HandshakeRecord r = TestConnection.established().data(C, opaque(23, 40)).close();
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_TLS);
    }

    @Test
    void noClientHello() {
        HandshakeRecord r = TestConnection.established().fin(C).fin(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.NO_CLIENT_HELLO);
    }

    @Test
    void refused() {
        HandshakeRecord r = TestConnection.synOnly().rst(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void unansweredSyn() {
        HandshakeRecord r = TestConnection.synOnly().extraSyn().extraSyn().close(EndReason.IDLE_TIMEOUT);
        assertThat(r.outcome()).isEqualTo(Outcome.UNANSWERED_SYN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("3 SYN"));
    }

    @Test
    void incompleteAtTheEndOfTheCapture() {
        assertThat(TestConnection.established().data(C, clientHello()).close(EndReason.END_OF_CAPTURE).outcome())
                .isEqualTo(Outcome.INCOMPLETE);
        assertThat(TestConnection.established().data(C, clientHello12()).data(S, serverFlight12())
                .close(EndReason.EVICTED).outcome()).isEqualTo(Outcome.INCOMPLETE);
    }

    @Test
    void midStream() {
        HandshakeRecord r = TestConnection.startedBeforeCapture().data(C, opaque(23, 300)).data(S, opaque(23, 900))
                .close(EndReason.END_OF_CAPTURE);
        assertThat(r.outcome()).isEqualTo(Outcome.MID_STREAM);
        assertThat(TestConnection.startedBeforeCapture().data(S, opaque(23, 900)).close(EndReason.END_OF_CAPTURE)
                .outcome()).isEqualTo(Outcome.MID_STREAM);
        assertThat(TestConnection.startedBeforeCapture().close(EndReason.END_OF_CAPTURE).outcome())
                .isEqualTo(Outcome.MID_STREAM);
    }

    @Test
    void midStreamConnectionThatStartsWithAClientHelloIsClassifiedNormally() {
        HandshakeRecord r = TestConnection.startedBeforeCapture().data(C, clientHello()).data(S, alert(2, 70))
                .close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(r.decisiveAlert().description()).isEqualTo("protocol_version");
    }

    @Test
    void sslv2FormatHelloThenReset() {
        byte[] rec = Sslv2ClientHelloParserTest.record(Sslv2ClientHelloParserTest.typical());
        TestConnection c = TestConnection.established();
        HandshakeRecord r = c.data(C, rec).rst(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(r.clientHello().sslv2Format()).isTrue();
        assertThat(c.stats.get(Counter.SSLV2_HELLOS)).isEqualTo(1);
        assertThat(c.stats.get(Counter.TLS_CONNECTIONS)).isEqualTo(1);
    }

    @Test
    void clientStreamStartingWithAGap() {
        HandshakeRecord r = TestConnection.established().gap(C, 300).data(C, zeros(100)).rst(S).close();
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(r.notes()).anyMatch(n -> n.contains("gap"));
    }

    @Test
    void exactlyOneRecordEvenIfClosedTwice() {
        TestConnection c = TestConnection.established().data(C, clientHello());
        c.close();
        c.listener().onClose(c, EndReason.CLOSED, 1);
        assertThat(c.emitted).hasSize(1);
    }

    @Test
    void tcpFactsAreCarried() {
        HandshakeRecord r = TestConnection.established().data(C, clientHello()).rst(S).close();
        assertThat(r.tcp().synSeen()).isTrue();
        assertThat(r.tcp().clientBytes()).isEqualTo(clientHello().length);
        assertThat(r.tcp().endReason()).isEqualTo("closed");
        assertThat(r.client().port()).isEqualTo(50000);
        assertThat(r.serverName()).isEqualTo("shop.example");
    }
}
