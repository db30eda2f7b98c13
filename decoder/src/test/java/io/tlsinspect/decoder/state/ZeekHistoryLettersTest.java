package io.tlsinspect.decoder.state;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code history} letters are Zeek's {@code ssl_history} letters. The expected values are copied
 * from Zeek's {@code scripts/base/protocols/ssl/main.zeek} (zeek/zeek; the table in the {@code Info}
 * record's {@code ssl_history} comment and the switch in {@code event ssl_handshake_message}): upper
 * case for the client, lower case for the server.
 */
class ZeekHistoryLettersTest {
    /** Zeek's letter per handshake msg_type; every other type is 'Z' (unassigned_handshake_type). */
    private static final Map<Integer, Character> ZEEK_BY_TYPE = Map.ofEntries(
            entry(0, 'H'),   // hello_request
            entry(1, 'C'),   // client_hello
            entry(2, 'S'),   // server_hello ('J' when its random is the HelloRetryRequest one)
            entry(3, 'V'),   // hello_verify_request
            entry(4, 'T'),   // NewSessionTicket
            entry(5, 'E'),   // end_of_early_data
            entry(6, 'J'),   // hello_retry_request
            entry(8, 'O'),   // encrypted_extensions
            entry(11, 'X'),  // certificate
            entry(12, 'K'),  // server_key_exchange
            entry(13, 'R'),  // certificate_request
            entry(14, 'N'),  // server_hello_done
            entry(15, 'Y'),  // certificate_verify
            entry(16, 'G'),  // client_key_exchange
            entry(20, 'F'),  // finished
            entry(21, 'W'),  // certificate_url
            entry(22, 'U'),  // certificate_status
            entry(23, 'A'),  // supplemental_data
            entry(24, 'P'),  // key_update
            entry(254, 'M')); // message_hash

    @Test
    void handshakeMessagesByType() {
        for (int type = 0; type <= 255; type++) {
            if (type == 2 || type == 6) {
                // A ServerHello is parsed, and its event (S, or J for a HelloRetryRequest, RFC 8446
                // §4.1.3) is checked below. Type 6 is IANA's hello_retry_request_RESERVED: only drafts
                // of TLS 1.3 sent it; as an unassigned type it is written Z, not J.
                continue;
            }
            char zeek = ZEEK_BY_TYPE.getOrDefault(type, 'Z');
            HandshakeEvent e = HandshakeEvent.of(type);
            assertThat(e.letter(true)).as("client's msg_type %d (%s)", type, e).isEqualTo(zeek);
            assertThat(e.letter(false)).as("server's msg_type %d (%s)", type, e).isEqualTo(Character.toLowerCase(zeek));
        }
    }

    @Test
    void parsedMessagesAndRecords() {
        assertThat(HandshakeEvent.SERVER_HELLO.letter(false)).isEqualTo('s');
        assertThat(HandshakeEvent.SERVER_HELLO_TLS13.letter(false)).isEqualTo('s');
        assertThat(HandshakeEvent.HELLO_RETRY_REQUEST.letter(false)).isEqualTo('j');
        assertThat(HandshakeEvent.CHANGE_CIPHER_SPEC.letter(true)).isEqualTo('I');   // change_cipher_spec
        assertThat(HandshakeEvent.ALERT.letter(false)).isEqualTo('l');               // alert
        assertThat(HandshakeEvent.APPLICATION_DATA.letter(true)).isEqualTo('D');     // application_data
        assertThat(HandshakeEvent.HEARTBEAT.letter(true)).isEqualTo('B');            // heartbeat
        assertThat(HandshakeEvent.MALFORMED.letter(true)).isEqualTo('Q');            // unknown_content_type
    }

    @Test
    void everyLetterIsOneOfZeeks() {
        String zeek = "HCSVTXKRNYGFWUAZIBDEOPMJLQ"; // the table in main.zeek, '^' (direction flipped) aside
        for (HandshakeEvent e : HandshakeEvent.values()) {
            assertThat(zeek).as(e.name()).contains(String.valueOf(e.letter(true)));
        }
    }
}
