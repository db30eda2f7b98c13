#!/usr/bin/env python3
"""Build a sample-capture manifest from a recording plan and check it against tshark.

The recording scripts append one JSON line per step to a plan file (see `plan` below):
what each connection must show (as the script drove the client and configured the
server), plus chains and findings that refer to connections by label. `build` then

  1. dissects the capture(s) with tshark (Debian's, a second opinion that is not tlsinspect),
  2. checks that tshark sees exactly the planned connections, in the planned order
     (order of each connection's first packet; several files are merged by timestamp),
  3. checks every expected key against what tshark decoded (version, cipher, alerts,
     SCSV, session resumption, HelloRetryRequest, SNI, SSLv2 format, TCP-level outcome,
     JA4, preambles before TLS, QUIC),
  4. writes <basename>.manifest.json with connection labels resolved to 0-based indexes.

Any mismatch is fatal: a manifest is only written when the capture agrees with it.

Usage:
  manifest.py plan PLAN key=value...            append a connection ('type=conn' implied)
  manifest.py plan PLAN type=chain attempts=a,b,c root_outcome=... ...
  manifest.py plan PLAN type=finding kind=... connections=a,b
  manifest.py plan PLAN type=meta description=... generator=... [decode_as=..;..] [tls_decode_as=..]
  manifest.py build PLAN OUT.json FILE...       verify and write the manifest
  manifest.py verify MANIFEST...                re-check written manifests against tshark
  manifest.py show [-d|--tls-d DECODE_AS]... FILE...  what tshark saw per connection
  manifest.py families [--check] OUT.json MANIFEST...
                                                write (or compare) the JA4 -> family catalogue
  manifest.py selftest                          JA4 against FoxIO's published vectors

Plans of programs that open as many connections as they like (browsers, issue 8) describe runs
instead of single connections; see cmd_build_runs. TLS after a preamble (STARTTLS and its kin,
proxies) and QUIC (issue 11): see the "beyond 443" section; connection keys B4_KEYS.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

HRR_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
VERSIONS = {0x0002: "SSLv2", 0x0300: "SSLv3", 0x0301: "TLSv1.0", 0x0302: "TLSv1.1",
            0x0303: "TLSv1.2", 0x0304: "TLSv1.3"}
OUTCOMES = {"established", "server_alert", "client_alert", "server_reset", "server_closed",
            "no_server_response", "client_abandoned", "not_tls", "no_client_hello", "refused",
            "unanswered_syn", "incomplete", "mid_stream",
            # issue 11: TLS after a preamble that never came to be
            "starttls_refused", "tls_never_started",
            # issue 11: a QUIC server answered the client's version with Version Negotiation
            # (RFC 9000 §6) and nothing else
            "version_negotiation"}
# Finding kinds: DESIGN §5 and /work/coord/FINDINGS-CONTRACT.md (issue 8). CAUSE_FINDINGS name why a
# connection failed; in a browser sample every failed connection is listed under one of them.
CAUSE_FINDINGS = {"no_shared_cipher", "server_protocol_too_old", "certificate_expired",
                  "certificate_name_mismatch", "certificate_untrusted", "client_rejected_certificate",
                  "connection_refused", "server_unresponsive", "server_reset_after_hello",
                  "not_tls_on_tls_port",
                  # issue 11: the causes of the preamble outcomes of the same names, and SSL 2.0 servers
                  "starttls_refused", "tls_never_started", "server_speaks_sslv2", "heartbeat_before_handshake"}
# Issue 11: a preamble outcome is its own cause finding, listing every connection with that outcome
# (the outcome is what the programs did: a refusal the script saw, a client told not to use TLS).
OUTCOME_FINDINGS = ("starttls_refused", "tls_never_started")
CHAIN_FINDINGS = {"fallback_after_failure", "fallback_scsv_rejected", "resumption_cipher_missing",
                  "downgrade_without_scsv",
                  "h3_fallback"} | CAUSE_FINDINGS  # h3_fallback (issue 11): a failed QUIC attempt, then TCP to the same name
EVIDENCE_KEYS = {"not_after", "sni", "names", "issuer", "self_signed", "max_server_version", "port",
                 "offered_suite_families"}
BOOL_KEYS = {"session_id_offered", "alert_encrypted", "fallback_scsv", "resumed", "hello_retry", "sslv2_format", "recovered",
             "starttls_refused", "tls_never_started"}
CONN_KEYS = ["client", "server", "server_port", "tool", "family", "sni", "outcome", "max_version", "version",
             "cipher", "alert", "alert_from", "alert_encrypted", "fallback_scsv", "resumed",
             "hello_retry", "sslv2_format", "session_id_offered", "ja4", "client_hello_min_length",
             "client_hello_length", "client_error", "server_log", "note"]
# issue 11 keys, written right after server_port (see beyond443_facts below)
B4_KEYS = ["transport", "preamble", "proxy_target", "starttls_refused", "tls_never_started",
           "quic_version", "quic_close_error", "quic_vn_versions"]
CONN_KEYS = CONN_KEYS[:3] + B4_KEYS + CONN_KEYS[3:]
# Keys that say what a program or nginx reported, or why the connection exists: not on the wire.
# Every other key is checked against tshark (ja4 too: tshark 4.0 has no JA4, so ja4_parts below
# computes it from tshark's fields by FoxIO's JA4.md).
TEXT_KEYS = {"tool", "family", "client_error", "server_log", "note"}
# client_hello_min_length (issue 13): the script knows a lower bound (what it put into the hello);
# tshark must show at least that, and the manifest records tshark's exact handshake length as
# client_hello_length.
INT_KEYS = {"server_port", "client_hello_min_length", "client_hello_length"}

FIELDS = ["frame.time_epoch", "tcp.stream", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.reset",
          "tcp.flags.fin", "tcp.len", "tcp.payload", "tls.record.content_type", "tls.record.length",
          "tls.handshake.type", "tls.handshake.version", "tls.handshake.extensions.supported_version",
          "tls.handshake.ciphersuite", "tls.handshake.session_id", "tls.handshake.extensions_server_name",
          "tls.alert_message.level", "tls.alert_message.desc", "tls.handshake.random",
          "tls.handshake.cipherspec", "tls.record.opaque_type", "tls.handshake.length"]



def outcome_findings(conns, findings):
    """starttls_refused / tls_never_started findings for the connections with those outcomes (issue 11)."""
    have = {fd["kind"] for fd in findings}
    out = []
    for kind in OUTCOME_FINDINGS:
        idx = [i for i, c in enumerate(conns) if c["outcome"] == kind]
        if idx and kind not in have:
            out.append({"kind": kind, "connections": idx})
    return out

def die(msg):
    print("manifest.py: " + msg, file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------- plan
def cmd_plan(plan, args):
    entry = {"type": "conn"}
    for a in args:
        if "=" not in a:
            die("plan: expected key=value, got %r" % a)
        k, v = a.split("=", 1)
        if k in BOOL_KEYS:
            if v not in ("true", "false"):
                die("plan: %s must be true or false" % k)
            v = v == "true"
        elif k in INT_KEYS:
            v = int(v)
        elif k in ("attempts", "connections", "quic_vn_versions"):
            v = [x for x in v.split(",") if x]
        elif v == "null":
            v = None
        entry[k] = v
    with open(plan, "a") as f:
        f.write(json.dumps(entry) + "\n")


# --------------------------------------------------------------------------- tshark
_names = {}


def value_names(field):
    if not _names:
        out = subprocess.run(["tshark", "-G", "values"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            p = line.split("\t")
            if len(p) == 4 and p[0] == "V" and p[1] in ("tls.handshake.ciphersuite", "tls.alert_message.desc"):
                _names.setdefault(p[1], {})[int(p[2])] = p[3]
    return _names[field]


def suite_name(code):
    return value_names("tls.handshake.ciphersuite").get(code, "0x%04x" % code)


def alert_name(code):
    n = value_names("tls.alert_message.desc").get(code)
    if n is None:
        return "alert_%d" % code
    return n.lower().replace(" ", "_").replace("-", "_")


def to_int(s):
    s = s.strip()
    if not s:
        return None
    return int(s, 16) if s.lower().startswith("0x") else int(s)


def flag(s):
    return s.strip() in ("1", "True", "true")


def multi(s):
    return [x for x in s.split("|") if x != ""] if s else []


# --------------------------------------------------------------------------- JA4
# FoxIO-LLC/ja4 technical_details/JA4.md, implemented here from the spec (not from tlsinspect) so
# that the manifests can state every hello's JA4. tshark 4.0 has no JA4; it supplies the fields.
JA4_VERSIONS = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2",
                0xfeff: "d1", 0xfefd: "d2", 0xfefc: "d3"}


def is_grease(v):
    # RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa
    return (v & 0x0f0f) == 0x0a0a and (v >> 8) == (v & 0xff)


def ja4_alpn(first):
    """JA4.md "ALPN Extension Value": first and last character of the first ALPN value, or the first
    and last hex digit of its bytes when either end is not alphanumeric; "00" when absent/empty."""
    if not first:
        return "00"
    alnum = lambda b: 0x30 <= b <= 0x39 or 0x41 <= b <= 0x5a or 0x61 <= b <= 0x7a
    if alnum(first[0]) and alnum(first[-1]):
        return chr(first[0]) + chr(first[-1])
    h = first.hex()
    return h[0] + h[-1]


def ja4_parts(legacy_version, versions, ciphers, extensions, sigalgs, alpn_first, transport="t"):
    """JA4_a and the two strings JA4 hashes (JA4_r is a_b_c). versions: supported_versions values;
    extensions: types in wire order; sigalgs: signature_algorithms (13) in wire order;
    alpn_first: bytes of the first ALPN value."""
    vs = [v for v in versions if not is_grease(v)]
    ver = JA4_VERSIONS.get(max(vs) if vs else legacy_version, "00")
    cs = [c for c in ciphers if not is_grease(c)]
    es = [e for e in extensions if not is_grease(e)]
    sni = "d" if 0x0000 in es else "i"
    a = "%s%s%s%02d%02d%s" % (transport, ver, sni, min(len(cs), 99), min(len(es), 99), ja4_alpn(alpn_first))
    b = ",".join(sorted("%04x" % c for c in cs))
    ext_sorted = sorted("%04x" % e for e in es if e not in (0x0000, 0x0010))
    sig = [("%04x" % s) for s in sigalgs if not is_grease(s)]
    c = (",".join(ext_sorted) + ("_" + ",".join(sig) if sig else "")) if ext_sorted else ""
    return a, b, c


def ja4(*hello, **kw):
    a, b, c = ja4_parts(*hello, **kw)
    h = lambda x: hashlib.sha256(x.encode()).hexdigest()[:12] if x else "000000000000"
    return "%s_%s_%s" % (a, h(b), h(c))


def ja4_r(*hello, **kw):
    return "_".join(ja4_parts(*hello, **kw))


# FoxIO's published vectors, the same ones decoder/src/test/.../Ja4Test.java uses: JA4.md "Example"
# (also rust/ja4/src/tls.rs), and python/test/testdata/sigalg-grease.pcapng.json.
_SPEC_CIPHERS = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
                 0x009c, 0x009d, 0x002f, 0x0035]
_SPEC_EXTS = [0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012,
              0x002b, 0xff01, 0x000b, 0x000a, 0x0015]
_SPEC_SIGALGS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
_GREASE_EXTS = [0xfe0d, 0x0010, 0x0017, 0x0033, 0x44cd, 0xff01, 0x000a, 0x000d, 0x0023, 0x002b, 0x000b,
                0xca34, 0x002d, 0x0000, 0x0005, 0x001b, 0x0012]
_GREASE_SIGALGS = [0x0904, 0x0905, 0x0906, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
JA4_VECTORS = [
    (ja4, (0x0303, [0x0304, 0x0303], _SPEC_CIPHERS, _SPEC_EXTS, _SPEC_SIGALGS, b"h2"),
     "t13d1516h2_8daaf6152771_e5627efa2ab1"),
    # the same lists with GREASE values added, which JA4 ignores
    (ja4, (0x0303, [0x4a4a, 0x0304, 0x0303], [0x0a0a] + _SPEC_CIPHERS, [0x1a1a] + _SPEC_EXTS,
           [0x3a3a] + _SPEC_SIGALGS, b"h2"), "t13d1516h2_8daaf6152771_e5627efa2ab1"),
    (ja4, (0x0303, [0x0304, 0x0303], _SPEC_CIPHERS, _GREASE_EXTS, _GREASE_SIGALGS, b"h2"),
     "t13d1517h2_8daaf6152771_cb7bf5808d99"),
    # JA4.md "Raw Output" (JA4_r)
    (ja4_r, (0x0303, [0x0304, 0x0303], _SPEC_CIPHERS, _SPEC_EXTS, _SPEC_SIGALGS, b"h2"),
     "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
     "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
     "0403,0804,0401,0503,0805,0501,0806,0601"),
    # JA4.md "Extension hash": no signature algorithms, no trailing "_"
    (ja4, (0x0303, [0x0304], _SPEC_CIPHERS, _SPEC_EXTS, [], b"h2"), "t13d1516h2_8daaf6152771_6d807ffa2a79"),
    # JA4.md: empty lists hash to zeros
    (ja4, (0x0303, [], [], [], [], None), "t12i000000_000000000000_000000000000"),
    # JA4.md "ALPN Extension Value" examples
    (ja4_alpn, (bytes([0xab]),), "ab"), (ja4_alpn, (bytes([0xab, 0xcd]),), "ad"),
    (ja4_alpn, (bytes([0x30, 0xab]),), "3b"), (ja4_alpn, (bytes([0x30, 0x31, 0xab, 0xcd]),), "3d"),
    (ja4_alpn, (bytes([0x30, 0xab, 0xcd, 0x31]),), "01"), (ja4_alpn, (b"http/1.1",), "h1"),
    (ja4_alpn, (b"",), "00"), (ja4_alpn, (b"h2",), "h2"),
    # JA4.md: "If the first ALPN value is only a single character, then that character is treated
    # as both the first and last character."
    (ja4_alpn, (b"x",), "xx"),
]


def cmd_selftest():
    bad = 0
    for fn, args, want in JA4_VECTORS:
        got = fn(*args)
        if got != want:
            print("FAIL %s%r = %s, FoxIO says %s" % (fn.__name__, args[:1], got, want))
            bad += 1
    if bad:
        die("%d of %d JA4 vectors disagree with FoxIO" % (bad, len(JA4_VECTORS)))
    print("ok   JA4: %d FoxIO vectors" % len(JA4_VECTORS))


def _as_list(v):
    return v if isinstance(v, list) else [v]


def _handshakes(node, htype):
    """Every handshake message of type htype in tshark's JSON tree (records may be lists)."""
    if isinstance(node, list):
        for x in node:
            yield from _handshakes(x, htype)
    elif isinstance(node, dict):
        if str(node.get("tls.handshake.type")) == htype:
            yield node
            return
        for v in node.values():
            if isinstance(v, (dict, list)):
                yield from _handshakes(v, htype)


def _first(v):
    while isinstance(v, list):
        v = v[0] if v else ""
    return v


def _hello_fields(hs):
    """The lists JA4 needs, from tshark's dissection of one ClientHello (extension subtrees keep
    signature_algorithms apart from delegated_credentials and signature_algorithms_cert)."""
    legacy = to_int(_first(hs["tls.handshake.version"]))
    ciphers = [to_int(x) for x in _as_list(hs.get("tls.handshake.ciphersuites", {}).get("tls.handshake.ciphersuite", []))]
    exts, versions, sigalgs, alpn = [], [], [], None
    for key, val in hs.items():
        if not key.startswith("Extension: "):
            continue
        for e in _as_list(val):
            t = to_int(_first(e["tls.handshake.extension.type"]))
            exts.append(t)
            if t == 43:
                versions = [to_int(x) for x in _as_list(e.get("tls.handshake.extensions.supported_version", []))]
            elif t == 13:
                sigalgs = [to_int(x) for x in _as_list(e.get("tls.handshake.sig_hash_algs", {}).get("tls.handshake.sig_hash_alg", []))]
            elif t == 16:
                strs = _as_list(e.get("tls.handshake.extensions_alpn_list", {}).get("tls.handshake.extensions_alpn_str", []))
                alpn = strs[0].encode("latin-1") if strs else b""
    return legacy, versions, ciphers, exts, sigalgs, alpn


def _quic_number(node):
    """quic.connection.number in a packet's quic layer (a list when datagrams coalesce packets)."""
    if isinstance(node, list):
        return next((n for n in map(_quic_number, node) if n is not None), None)
    if isinstance(node, dict):
        if "quic.connection.number" in node:
            return to_int(_first(node["quic.connection.number"]))
        return next((n for n in map(_quic_number, node.values()) if n is not None), None)
    return None


def tshark_hellos(src, extra=()):
    """('tcp', tcp.stream) or ('quic', quic.connection.number) -> [(JA4, JA4_r) of each ClientHello
    in it, in order]. JA4's first letter is "q" for QUIC (JA4.md "QUIC and DTLS"), else "t"."""
    res = subprocess.run(["tshark", "-n", "-r", src, "-Y", "tls.handshake.type == 1", "-T", "json",
                          "--no-duplicate-keys", "-J", "tcp quic tls"] + list(extra), capture_output=True, text=True)
    if res.returncode != 0:
        die("tshark (json) failed on %s: %s" % (src, res.stderr.strip()))
    out = {}
    for pkt in json.loads(res.stdout or "[]"):
        layers = pkt["_source"]["layers"]
        if "quic" in layers:
            key, transport, tree = ("quic", _quic_number(layers["quic"])), "q", layers["quic"]
        elif "tcp" in layers:
            key, transport, tree = ("tcp", to_int(_first(layers["tcp"]["tcp.stream"]))), "t", layers.get("tls")
        else:
            continue
        for hs in _handshakes(tree, "1"):
            if "tls.handshake.ciphersuites" not in hs or "tls.handshake.cipherspec" in hs["tls.handshake.ciphersuites"]:
                continue            # SSLv2-format hello (3-byte cipher specs): no JA4 here
            fields = _hello_fields(hs)
            out.setdefault(key, []).append((ja4(*fields, transport=transport), ja4_r(*fields, transport=transport)))
    return out


def merged_source(files):
    """One file for tshark: the file itself, or the files merged by timestamp (caller unlinks tmp)."""
    if len(files) == 1:
        return files[0], None
    fd, tmp = tempfile.mkstemp(suffix=".pcapng")
    os.close(fd)
    subprocess.run(["mergecap", "-w", tmp] + files, check=True)
    return tmp, tmp


def tshark_packets(src, extra=()):
    cmd = ["tshark", "-n", "-r", src, "-Y", "tcp", "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=|", "-o", "tcp.analyze_sequence_numbers:TRUE"] + list(extra)
    for f in FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        die("tshark failed on %s: %s" % (src, res.stderr.strip()))
    rows = []
    for line in res.stdout.splitlines():
        p = line.split("\t")
        p += [""] * (len(FIELDS) - len(p))
        rows.append(dict(zip(FIELDS, p)))
    return rows


class Conn:
    """What tshark decoded for one TCP connection, reduced to the facts a manifest states."""

    def __init__(self, stream):
        self.stream = stream
        self.first_ts = None
        self.client = self.server = None
        self.cport = self.sport = None
        self.client_syns = 0
        self.synack = False
        self.rst_from = []          # sides, in order
        self.fin_from = []
        self.payload = {"c": 0, "s": 0}
        self.first_client_bytes = None
        self.client_hellos = []     # dicts
        self.server_hellos = []
        self.server_cert = False
        self.ccs = {"c": False, "s": False}
        self.alerts = []            # (side, level, desc)
        self.appdata = {"c": [], "s": []}   # record lengths, in order
        self.events = []            # (side, kind) in packet order
        self.ja4s = []              # (JA4, JA4_r) of each ClientHello, in order
        self.tls_start = None       # index into events where the client's first TLS record is
        self.pre_payload = None     # payload counts before it (a preamble: STARTTLS, proxies)
        self.first_tls_bytes = None

    def side_of(self, src, sport):
        return "c" if (src, sport) == (self.client, self.cport) else "s"


def dissect_tcp(src, extra=()):
    """Every TCP connection in src (one file) as tshark dissects it, in first-packet order."""
    conns = {}
    order = []
    for r in tshark_packets(src, extra):
        st = to_int(r["tcp.stream"])
        src = r["ip.src"] or r["ipv6.src"]
        dst = r["ip.dst"] or r["ipv6.dst"]
        sp, dp = to_int(r["tcp.srcport"]), to_int(r["tcp.dstport"])
        syn, ack, rst, fin = (flag(r["tcp.flags.syn"]), flag(r["tcp.flags.ack"]),
                              flag(r["tcp.flags.reset"]), flag(r["tcp.flags.fin"]))
        c = conns.get(st)
        if c is None:
            c = conns[st] = Conn(st)
            order.append(st)
            c.first_ts = float(r["frame.time_epoch"])
            if syn and not ack:
                c.client, c.cport, c.server, c.sport = src, sp, dst, dp
            elif syn and ack:
                c.client, c.cport, c.server, c.sport = dst, dp, src, sp
            elif dp == 443:
                c.client, c.cport, c.server, c.sport = src, sp, dst, dp
            else:
                c.client, c.cport, c.server, c.sport = dst, dp, src, sp
        side = c.side_of(src, sp)
        if syn and not ack and side == "c":
            c.client_syns += 1
        if syn and ack and side == "s":
            c.synack = True
        if rst:
            c.rst_from.append(side)
            c.events.append((side, "rst"))
        if fin:
            c.fin_from.append(side)
            c.events.append((side, "fin"))
        n = to_int(r["tcp.len"]) or 0
        if (side == "c" and c.tls_start is None and n
                and (r["tls.record.content_type"] or r["tls.record.opaque_type"] or r["tls.handshake.cipherspec"])):
            c.tls_start, c.pre_payload = len(c.events), dict(c.payload)
            c.first_tls_bytes = bytes.fromhex(r["tcp.payload"].split("|")[0][:16])
        if n:
            if side == "c" and c.first_client_bytes is None:
                c.first_client_bytes = bytes.fromhex(r["tcp.payload"].split("|")[0][:16])
            c.payload[side] += n
            c.events.append((side, "data"))
        ctypes = [to_int(x) for x in multi(r["tls.record.content_type"])]
        rlens = [to_int(x) for x in multi(r["tls.record.length"])]
        htypes = [to_int(x) for x in multi(r["tls.handshake.type"])]
        if 20 in ctypes:
            c.ccs[side] = True
        # TLS 1.3 encrypted records carry tls.record.opaque_type instead of content_type;
        # within a packet they follow the plaintext records, so their lengths are the last ones
        otypes = [to_int(x) for x in multi(r["tls.record.opaque_type"])]
        typed = list(zip(ctypes, rlens[:len(ctypes)])) + list(zip(otypes, rlens[len(ctypes):]))
        for ct, ln in typed:
            if ct == 23:
                c.appdata[side].append(ln)
                c.events.append((side, "appdata"))
        levels = [to_int(x) for x in multi(r["tls.alert_message.level"])]
        descs = [to_int(x) for x in multi(r["tls.alert_message.desc"])]
        for lv, ds in zip(levels, descs):
            c.alerts.append((side, lv, alert_name(ds)))
            c.events.append((side, "alert"))
        # an alert record (content type 21, visible up to TLS 1.2) whose level and description
        # tshark could not read: encrypted under the keys its sender switched to with ChangeCipherSpec
        for _ in range(ctypes.count(21) - len(levels)):
            c.events.append((side, "enc_alert"))
        suites = [to_int(x) for x in multi(r["tls.handshake.ciphersuite"])]
        sv = [to_int(x) for x in multi(r["tls.handshake.extensions.supported_version"])]
        hv = [to_int(x) for x in multi(r["tls.handshake.version"])]
        sids = multi(r["tls.handshake.session_id"])
        hlens = [to_int(x) for x in multi(r["tls.handshake.length"])]
        if side == "c" and (1 in htypes or r["tls.handshake.cipherspec"]):
            v2 = bool(r["tls.handshake.cipherspec"])
            ch = {
                "sslv2_format": v2,
                "legacy_version": hv[0] if hv else None,
                "versions": [v for v in sv if (v & 0x0f0f) != 0x0a0a],
                "suites": suites,
                "cipherspecs": [to_int(x) for x in multi(r["tls.handshake.cipherspec"])],
                "session_id": sids[0].replace(":", "") if sids else "",
                "sni": (multi(r["tls.handshake.extensions_server_name"]) or [None])[0],
                "length": hlens[htypes.index(1)] if 1 in htypes and len(hlens) == len(htypes) else None,
            }
            ch["max_version"] = max(ch["versions"]) if ch["versions"] else ch["legacy_version"]
            ch["fallback_scsv"] = 0x5600 in suites or 0x005600 in ch["cipherspecs"]
            c.client_hellos.append(ch)
            c.events.append((side, "client_hello"))
        if side == "s" and 2 in htypes:
            rnd = (multi(r["tls.handshake.random"]) or [""])[0].replace(":", "").lower()
            sh = {
                "hrr": rnd == HRR_RANDOM,
                "version": sv[0] if sv else (hv[0] if hv else None),
                "cipher": suites[0] if suites else None,
                "session_id": sids[0].replace(":", "") if sids else "",
            }
            c.server_hellos.append(sh)
            c.events.append((side, "hrr" if sh["hrr"] else "server_hello"))
        if side == "s" and 11 in htypes:
            c.server_cert = True
    return [conns[s] for s in order]


# --------------------------------------------------------------------------- facts
def facts(c):
    """Derive manifest-style facts from tshark's view of one connection."""
    f = {"client": c.client, "server": c.server, "server_port": c.sport}
    ch = c.client_hellos[0] if c.client_hellos else None
    sh = next((h for h in c.server_hellos if not h["hrr"]), None)
    f["hello_retry"] = any(h["hrr"] for h in c.server_hellos)
    if ch:
        f["sslv2_format"] = ch["sslv2_format"]
        f["max_version"] = VERSIONS.get(ch["max_version"], ch["max_version"])
        f["fallback_scsv"] = ch["fallback_scsv"]
        f["sni"] = ch["sni"]
        f["session_id_offered"] = ch["session_id"] != ""
        f["client_hello_length"] = ch["length"]
        if c.ja4s:
            f["ja4"] = c.ja4s[0][0]
    if ch and not sh:
        f["resumed"] = False
    if sh:
        f["version"] = VERSIONS.get(sh["version"], sh["version"])
        f["cipher"] = suite_name(sh["cipher"]) if sh["cipher"] is not None else None
        last_ch = c.client_hellos[-1] if c.client_hellos else None
        f["resumed"] = bool(sh["version"] != 0x0304 and last_ch and last_ch["session_id"]
                            and sh["session_id"] == last_ch["session_id"] and not c.server_cert)
    tls13 = sh is not None and sh["version"] == 0x0304
    # established: TLS <= 1.2 both ChangeCipherSpec (and Finished behind them) and no fatal
    # alert before; TLS 1.3: the server sent encrypted records (session tickets, the HTTP
    # answer) after the client's first encrypted record (its Finished).
    fatal = [a for a in c.alerts if a[1] == 2]
    client_enc_after_sh = False
    # TLS <= 1.2: an encrypted alert record from the client after its ChangeCipherSpec and before
    # any application data is its verdict on the handshake (Firefox rejecting a certificate
    # sends one right behind its Finished, then RST). A close_notify comes after the data.
    first_data = next((i for i, e in enumerate(c.events) if e[1] == "appdata"), None)
    enc12 = next((i for i, e in enumerate(c.events) if e == ("c", "enc_alert")), None)
    client_enc_alert12 = bool(sh and not tls13 and c.ccs["c"] and enc12 is not None
                              and (first_data is None or enc12 < first_data))
    if sh and not tls13:
        established = c.ccs["c"] and c.ccs["s"] and not fatal and not client_enc_alert12
    elif tls13:
        last_sh = max(i for i, e in enumerate(c.events) if e == ("s", "server_hello"))
        first_c = next((i for i, e in enumerate(c.events) if i > last_sh and e == ("c", "appdata")), None)
        client_enc_after_sh = first_c is not None
        established = (first_c is not None and not fatal
                       and any(e == ("s", "appdata") for e in c.events[first_c + 1:]))
    else:
        established = False
    f["established"] = established
    # TLS 1.3, not established, the client sent encrypted record(s) and nothing came back:
    # an encrypted alert (inferred; 19 bytes from OpenSSL/GnuTLS, 35 from JSSE)
    f["alert_encrypted"] = bool(((tls13 and client_enc_after_sh and not established) or client_enc_alert12)
                                and not fatal)
    if fatal:
        f["alert"], f["alert_from"] = fatal[0][2], {"c": "client", "s": "server"}[fatal[0][0]]
    elif f["alert_encrypted"]:
        f["alert_from"] = "client"
    # outcome, from the first decisive event
    fb = c.first_client_bytes
    if not c.synack:
        f["outcome"] = "refused" if "s" in c.rst_from else "unanswered_syn"
    elif c.payload["c"] == 0 and c.payload["s"] == 0:
        f["outcome"] = "no_client_hello" if (c.fin_from or c.rst_from) else "incomplete"
    elif fb is not None and not (20 <= fb[0] <= 23 or (fb[0] & 0x80 and len(fb) > 2 and fb[2] == 1)):
        f["outcome"] = "not_tls"
    elif established:
        f["outcome"] = "established"
    elif fatal:
        f["outcome"] = "server_alert" if fatal[0][0] == "s" else "client_alert"
    elif f["alert_encrypted"]:
        f["outcome"] = "client_alert"
    elif c.payload["s"] == 0:
        ends = [e for e in c.events if e[1] in ("rst", "fin")]
        if ends and ends[0] == ("s", "rst"):
            f["outcome"] = "server_reset"
        elif ends and ends[0] == ("s", "fin"):
            f["outcome"] = "server_closed"
        elif ends:
            f["outcome"] = "no_server_response"
        else:
            f["outcome"] = "incomplete"
    else:
        ends = [e for e in c.events if e[1] in ("rst", "fin")]
        if ends and ends[0][0] == "c":
            f["outcome"] = "client_abandoned"
        elif ends and ends[0] == ("s", "rst"):
            f["outcome"] = "server_reset"
        elif ends:
            f["outcome"] = "server_closed"
        else:
            f["outcome"] = "incomplete"
    return f


def describe(c, f):
    ch = c.client_hellos[0] if c.client_hellos else None
    return ("%s:%s -> %s:%s %s%s%s%s%s%s" % (
        c.client, c.cport, c.server, c.sport, f["outcome"],
        " max=%s" % f.get("max_version") if ch else "",
        " v=%s %s" % (f.get("version"), f.get("cipher")) if "version" in f else "",
        " alert=%s/%s" % (f.get("alert_from"), f.get("alert") or "encrypted") if f.get("alert_from") else "",
        " SCSV" if f.get("fallback_scsv") else "",
        " HRR" if f.get("hello_retry") else "") + (" resumed" if f.get("resumed") else "")
        + (" sid-offered" if f.get("session_id_offered") else "") + (" SSLv2" if f.get("sslv2_format") else ""))


# --------------------------------------------------------------------------- build
def check_conn(e, c, f, where, errors):
    """Compare one planned connection's wire keys with tshark's facts; append disagreements."""
    for k, v in e.items():
        if k in ("type", "label", "run", "group") or k in TEXT_KEYS:
            continue
        if k not in CONN_KEYS:
            errors.append("%s: unknown key %s" % (where, k))
            continue
        if k == "outcome" and v not in OUTCOMES:
            errors.append("%s: unknown outcome %s" % (where, v))
        got = f.get(k)
        if k == "alert_encrypted" and v is False:
            got = bool(got)
        if k == "client_hello_min_length":
            got = f.get("client_hello_length")
            if got is None or got < v:
                errors.append("%s: ClientHello expected at least %d bytes, tshark shows %r" % (where, v, got))
            continue
        if got != v:
            errors.append("%s: %s expected %r, tshark shows %r   [%s]" % (where, k, v, got, describe_any(c, f)))
    if e.get("alert_encrypted") and "alert" in e:
        errors.append("%s: an encrypted alert must not name its description" % where)


def cmd_build(plan_file, out, files):
    entries = [json.loads(l) for l in open(plan_file) if l.strip()]
    if any(e["type"] == "run" for e in entries):
        return cmd_build_runs(entries, out, files)
    meta = {}
    for e in entries:
        if e["type"] == "meta":
            meta.update({k: v for k, v in e.items() if k != "type"})
    conns = [e for e in entries if e["type"] == "conn"]
    decode_as = [x for x in meta.get("decode_as", "").split(";") if x]
    tls_decode_as = [x for x in meta.get("tls_decode_as", "").split(";") if x]
    extra = decode_as_args(decode_as)
    seen = dissect_any(files, extra, needs_beyond443(conns), any("ja4" in e for e in conns), decode_as_args(tls_decode_as))
    errors = []
    if len(seen) != len(conns):
        for i, c in enumerate(seen):
            print("  tshark #%d %s" % (i, describe_any(c, facts_any(c))), file=sys.stderr)
        die("%s: tshark sees %d connections, the plan has %d" % (out, len(seen), len(conns)))
    labels = {}
    out_conns = []
    for i, (e, c) in enumerate(zip(conns, seen)):
        f = facts_any(c)
        if e.get("ja4") == "auto":
            # the plan asks for the JA4 computed here (ja4_parts from tshark's fields), not a published value
            e["ja4"] = f.get("ja4")
        label = e.get("label", str(i))
        if label in labels:
            die("duplicate label %s" % label)
        labels[label] = i
        check_conn(e, c, f, "#%d %s" % (i, label), errors)
        entry = {k: e[k] for k in CONN_KEYS if k in e and k != "session_id_offered"}
        if "client_hello_min_length" in e:
            entry["client_hello_length"] = f.get("client_hello_length")  # tshark's exact length
            entry = {k: entry[k] for k in CONN_KEYS if k in entry}
        out_conns.append(entry)
    chains, findings = [], []
    for e in entries:
        if e["type"] in ("chain", "finding"):
            key = "attempts" if e["type"] == "chain" else "connections"
            try:
                idx = [labels[x] for x in e[key]]
            except KeyError as ex:
                die("%s refers to unknown connection label %s" % (e["type"], ex))
            d = {k: v for k, v in e.items() if k != "type"}
            d[key] = idx
            if e["type"] == "chain":
                d = {"client": d["client"], "server": d["server"], "attempts": idx,
                     **{k: d[k] for k in ("root_outcome", "final_outcome", "final_alert", "recovered", "note") if k in d}}
                first, last = out_conns[idx[0]], out_conns[idx[-1]]
                if first["outcome"] != d.get("root_outcome"):
                    errors.append("chain %s: root_outcome %s but first attempt is %s" % (e[key], d.get("root_outcome"), first["outcome"]))
                if last["outcome"] != d.get("final_outcome"):
                    errors.append("chain %s: final_outcome %s but last attempt is %s" % (e[key], d.get("final_outcome"), last["outcome"]))
                if "final_alert" in d and last.get("alert") != d["final_alert"]:
                    errors.append("chain %s: final_alert %s but last attempt's alert is %s" % (e[key], d["final_alert"], last.get("alert")))
                if any(out_conns[j]["client"] != d["client"] for j in idx):
                    errors.append("chain %s: attempts from several clients" % e[key])
                chains.append(d)
            else:
                if d["kind"] not in CHAIN_FINDINGS:
                    errors.append("unknown finding kind %s" % d["kind"])
                findings.append({"kind": d["kind"], "connections": idx,
                                 **({"note": d["note"]} if "note" in d else {})})
    findings += outcome_findings(out_conns, findings)
    if errors:
        for x in errors:
            print("  " + x, file=sys.stderr)
        die("%s: %d disagreement(s) between plan and capture; manifest not written" % (out, len(errors)))
    base = os.path.dirname(os.path.abspath(out))
    doc = {"description": meta.get("description", ""),
           "generator": meta.get("generator", ""),
           "files": [os.path.relpath(os.path.abspath(f), base) for f in files],
           # merge: true  - the files are one recording split by server: merge them by timestamp
           #        false - every file holds all the connections (the same traffic, other formats)
           "merge": len(files) > 1}
    if "note" in meta:
        doc["note"] = meta["note"]
    if decode_as:
        doc["decode_as"] = decode_as
    if tls_decode_as:
        doc["tls_decode_as"] = tls_decode_as
    if "server_log" in meta:
        doc["server_log"] = meta["server_log"]
    doc["connections"] = out_conns
    doc["chains"] = chains
    doc["findings"] = findings
    with open(out, "w") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    print("  %s: %d connections, %d chains, %d findings - agrees with tshark" % (
        os.path.relpath(out), len(out_conns), len(chains), len(findings)), file=sys.stderr)


# --------------------------------------------------------------------------- runs (issue 8)
# A browser decides how many connections it opens (preconnects, retries, a favicon), so a plan
# for browsers describes *runs* of programs instead of single connections:
#   type=run  label=ff client=IP tool="Firefox ESR 153.8.0esr ..." family="Firefox ESR 153"
#             t0=EPOCH t1=EPOCH        the program ran from t0 to t1 (the recorder's clock, which
#                                      is tcpdump's), alone on that client address
#   type=conn run=ff label=ff.www [sni=NAME|-|*] [count=N|+|*] [log_has=REGEX] key=value...
#             what every connection of run ff whose first ClientHello names SNI NAME ("-": no
#             ClientHello, "*" any; groups are tried in plan order) must show
#   type=nginx server=IP port=443 log=ERROR_LOG access=ACCESS_LOG
#             an nginx whose error.log was written at debug level ("*N accept: IP:PORT" maps
#             nginx's connection numbers to client ports) and whose access log has the format
#             of make/nginx-browsers.conf.tmpl: each connection gets nginx's own line
#   type=chain attempts=ff.www,ff.www#1...   type=finding kind=K connections=G... evidence.K=V
# Connections are assigned to runs by client address and time, to groups by SNI; every TCP
# connection in the capture must land in exactly one group, and every group gets its count.
OPENSSL_NAMES = {}


def iana_name(openssl_name):
    """OpenSSL's suite name (nginx's $ssl_cipher) -> IANA name, from `openssl ciphers -stdname`."""
    if not OPENSSL_NAMES:
        out = subprocess.run(["openssl", "ciphers", "-stdname", "ALL:@SECLEVEL=0"], capture_output=True,
                             text=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) >= 3 and p[1] == "-":
                OPENSSL_NAMES[p[2]] = p[0]
    return OPENSSL_NAMES.get(openssl_name, openssl_name)


LOG_LINE = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[(\w+)\] \d+#\d+: \*(\d+) (.*)$")


def nginx_logs(entries):
    """(client ip, client port, server ip, server port) -> {"line": first info+ line, "access": (proto, cipher)}"""
    out = {}
    for e in entries:
        conn_addr, lines, access = {}, {}, {}
        for raw in open(e["log"], errors="replace"):
            m = LOG_LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            level, n, msg = m.group(1), int(m.group(2)), m.group(3)
            if level == "debug":
                a = re.match(r"accept: (\S+):(\d+) fd:", msg)
                if a:
                    conn_addr[n] = (a.group(1), int(a.group(2)))
            elif n not in lines:
                lines[n] = "[%s] %s" % (level, msg)
        if e.get("access") and os.path.exists(e["access"]):
            for raw in open(e["access"]):
                p = raw.split()
                # $connection $remote_addr $remote_port $ssl_protocol $ssl_cipher ...
                if len(p) >= 5 and p[0].isdigit():
                    access[int(p[0])] = (p[3].replace("TLSv1 ", "TLSv1.0 ").strip(), p[4])
        for n, (ip, port) in conn_addr.items():
            key = (ip, port, e["server"], int(e.get("port", 443)))
            d = out.setdefault(key, {})
            if n in lines:
                d["line"] = lines[n]
            if n in access:
                proto, cipher = access[n]
                d["access"] = ("TLSv1.0" if proto == "TLSv1" else proto, iana_name(cipher))
    return out


def check_server_log(d, f, where, errors):
    """nginx's view of a connection must agree with tshark's."""
    line = d.get("line", "")
    if "access" in d:
        proto, cipher = d["access"]
        if f["outcome"] != "established" or f.get("version") != proto or f.get("cipher") != cipher:
            errors.append("%s: nginx served a request over %s %s, tshark shows %s %s %s" % (
                where, proto, cipher, f["outcome"], f.get("version"), f.get("cipher")))
    m = re.search(r"alert number (\d+)", line)
    if m:
        code = int(m.group(1))
        if f.get("alert_from") != "client":
            errors.append("%s: nginx received alert %d, tshark shows no client alert" % (where, code))
        elif not f.get("alert_encrypted") and f.get("alert") != alert_name(code):
            errors.append("%s: nginx received alert %d, tshark shows %s" % (where, code, f.get("alert")))
    for text, alert in (("no shared cipher", "handshake_failure"), ("unsupported protocol", "protocol_version")):
        if text in line and (f["outcome"], f.get("alert")) != ("server_alert", alert):
            errors.append("%s: nginx logged '%s', tshark shows %s %s" % (where, text, f["outcome"], f.get("alert")))


def _kv_nested(d, prefix):
    """evidence.not_after=... -> {"not_after": ...}; lists with ',' for names, booleans as such."""
    out = {}
    for k, v in d.items():
        if k.startswith(prefix):
            key = k[len(prefix):]
            if key not in EVIDENCE_KEYS:
                die("unknown evidence key %s" % key)
            if key in ("names", "offered_suite_families"):
                v = [x for x in v.split(",") if x]
            elif key == "self_signed":
                v = v == "true"
            elif key == "port":
                v = int(v)
            out[key] = v
    return out


def suite_family(code):
    """A suite's key exchange and bulk cipher, e.g. "ECDHE AES-GCM", "TLS 1.3 ChaCha20"; None for
    GREASE and the signalling values (TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV)."""
    if is_grease(code) or code in (0x00ff, 0x5600):
        return None
    name = suite_name(code)
    kx = ("TLS 1.3" if 0x1301 <= code <= 0x13ff else "ECDHE" if "_ECDHE_" in name else
          "DHE" if "_DHE_" in name else "RSA" if name.startswith("TLS_RSA_") else name.split("_WITH_")[0][4:])
    for key, bulk in (("CHACHA20", "ChaCha20"), ("_GCM", "AES-GCM"), ("_CCM", "AES-CCM"), ("CAMELLIA", "Camellia"),
                      ("ARIA", "ARIA"), ("3DES", "3DES"), ("_CBC", "AES-CBC")):
        if key in name:
            return "%s %s" % (kx, bulk if bulk != "AES-CBC" or "AES" in name else "CBC")
    return name


FILL_KEYS = ["sni", "max_version", "version", "cipher", "alert", "alert_from", "alert_encrypted", "ja4"]


def cmd_build_runs(entries, out, files):
    meta = {}
    for e in entries:
        if e["type"] == "meta":
            meta.update({k: v for k, v in e.items() if k != "type"})
    runs = {e["label"]: e for e in entries if e["type"] == "run"}
    groups = [e for e in entries if e["type"] == "conn"]
    logs = nginx_logs([e for e in entries if e["type"] == "nginx"])
    seen = dissect_any(files, ja4=True)
    errors = []
    members = {g["label"]: [] for g in groups}
    for i, c in enumerate(seen):
        f = facts(c)
        cands = [r for r in runs.values() if r["client"] == c.client
                 and float(r["t0"]) - 0.2 <= c.first_ts <= float(r["t1"]) + 0.5]
        if len(cands) != 1:
            errors.append("tshark #%d %s: belongs to %d runs (%s)" % (i, describe(c, f), len(cands),
                                                                  ",".join(r["label"] for r in cands)))
            continue
        run = cands[0]
        g = next((g for g in groups if g["run"] == run["label"] and g.get("sni", "*") in
                  ("*", f.get("sni") if c.client_hellos else "-")), None)
        if g is None:
            errors.append("tshark #%d %s: run %s has no group for SNI %s" % (i, describe(c, f), run["label"], f.get("sni")))
            continue
        members[g["label"]].append(i)
    for g in groups:
        n, want = len(members[g["label"]]), g.get("count", "+")
        if (want == "+" and n < 1) or (want not in ("+", "*") and n != int(want)):
            errors.append("group %s: %d connection(s) in the capture, expected %s" % (g["label"], n, want))
    group_of = {i: g for g in groups for i in members[g["label"]]}
    out_conns = []
    for i, c in enumerate(seen):
        f = facts(c)
        g = group_of.get(i)
        if g is None:
            out_conns.append(None)
            continue
        run = runs[g["run"]]
        where = "#%d %s" % (i, g["label"])
        # sni=- / sni=* select connections without a hello / any; a name is also an expectation
        expect = {k: v for k, v in g.items() if k in CONN_KEYS and not (k == "sni" and v in ("-", "*"))}
        check_conn(expect, c, f, where, errors)
        e = {"client": f["client"], "server": f["server"], "server_port": f["server_port"],
             "tool": run["tool"], "family": run["family"]}
        for k in CONN_KEYS:
            if k in expect:
                e[k] = expect[k]
            elif k in FILL_KEYS and c.client_hellos:
                if k == "alert" and f.get("alert_encrypted"):
                    continue            # its description is not on the wire
                e[k] = f.get(k)
        if not c.client_hellos:
            e.pop("sni", None)
        if "version" not in e and c.client_hellos:
            e["version"], e["cipher"] = None, None
        d = logs.get((c.client, c.cport, c.server, c.sport))
        if d:
            check_server_log(d, f, where, errors)
            if "line" in d:
                e["server_log"] = d["line"]
        if g.get("log_has") and not re.search(g["log_has"], (d or {}).get("line", "")):
            errors.append("%s: nginx's line %r lacks /%s/" % (where, (d or {}).get("line"), g["log_has"]))
        if "client_error" in g:
            e["client_error"] = g["client_error"]
        if "note" in g:
            e["note"] = g["note"]
        e["outcome"] = f["outcome"] if "outcome" not in e else e["outcome"]
        out_conns.append({k: e[k] for k in CONN_KEYS if k in e and k != "session_id_offered"})

    def resolve(refs):
        idx = []
        for r in refs:
            lab, _, k = r.partition("#")
            if lab not in members:
                die("unknown group %s" % lab)
            idx += [members[lab][int(k)]] if k else members[lab]
        return idx

    chains, findings = [], []
    for e in entries:
        if e["type"] == "chain":
            idx = resolve(e["attempts"])
            d = {"client": e["client"], "server": e["server"], "attempts": idx,
                 **{k: e[k] for k in ("root_outcome", "final_outcome", "final_alert", "recovered", "note") if k in e}}
            if out_conns[idx[0]]["outcome"] != d.get("root_outcome") or out_conns[idx[-1]]["outcome"] != d.get("final_outcome"):
                errors.append("chain %s: root/final outcome disagree with its attempts" % e["attempts"])
            chains.append(d)
        elif e["type"] == "finding":
            if e["kind"] not in CHAIN_FINDINGS:
                errors.append("unknown finding kind %s" % e["kind"])
            d = {"kind": e["kind"], "connections": sorted(set(resolve(e["connections"])))}
            ev = _kv_nested(e, "evidence.")
            if ev.get("offered_suite_families") == ["auto"]:
                # what the finding's connections offered, from tshark's dissection of their hellos
                fams = {suite_family(x) for i in d["connections"] for x in seen[i].client_hellos[0]["suites"]}
                ev["offered_suite_families"] = sorted(f for f in fams if f)
            if ev:
                d["evidence"] = ev
            if "note" in e:
                d["note"] = e["note"]
            findings.append(d)
    if "alternation_window" in meta:
        # programs taking turns on one address: each program's first connection must come within
        # the window after the previous program's last one, or the sample would prove nothing
        last = {}
        for i, (c, e) in enumerate(zip(seen, out_conns)):
            p = last.get(c.client)
            if p and p[1] != e["tool"] and c.first_ts - p[0] > float(meta["alternation_window"]):
                errors.append("#%d: %.1f s after the previous program on %s, more than %s s" % (
                    i, c.first_ts - p[0], c.client, meta["alternation_window"]))
            last[c.client] = (c.first_ts, e["tool"])
    explained = {i for d in findings if d["kind"] in CAUSE_FINDINGS for i in d["connections"]}
    for i, e in enumerate(out_conns):
        if e and e["outcome"] != "established" and i not in explained:
            errors.append("#%d (%s, %s): failed, but no cause finding lists it" % (i, e["tool"], e["outcome"]))
    if errors:
        for x in errors:
            print("  " + x, file=sys.stderr)
        for i, c in enumerate(seen):
            print("  tshark #%d %s" % (i, describe(c, facts(c))), file=sys.stderr)
        die("%s: %d disagreement(s) between plan and capture; manifest not written" % (out, len(errors)))
    base = os.path.dirname(os.path.abspath(out))
    doc = {"description": meta.get("description", ""), "generator": meta.get("generator", ""),
           "files": [os.path.relpath(os.path.abspath(f), base) for f in files], "merge": len(files) > 1}
    for k in ("note", "server_config"):
        if k in meta:
            doc[k] = meta[k]
    doc["diagnosis_mentions"] = [x for x in meta.get("diagnosis_mentions", "").split("|") if x]
    doc["connections"] = out_conns
    doc["chains"] = chains
    doc["findings"] = findings
    with open(out, "w") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    print("  %s: %d connections, %d chains, %d findings - agrees with tshark and nginx" % (
        os.path.relpath(out), len(out_conns), len(chains), len(findings)), file=sys.stderr)


def cmd_verify(manifest):
    """Re-check a written manifest against its capture(s) with tshark."""
    doc = json.load(open(manifest))
    base = os.path.dirname(os.path.abspath(manifest))
    files = [os.path.join(base, f) for f in doc["files"]]
    conns = doc["connections"]
    errors = []
    extra, tls_extra = decode_as_args(doc.get("decode_as")), decode_as_args(doc.get("tls_decode_as"))
    for group in ([files] if doc.get("merge") else [[f] for f in files]):
        seen = dissect_any(group, extra, needs_beyond443(conns), any("ja4" in e for e in conns), tls_extra)
        name = "+".join(os.path.basename(f) for f in group)
        if len(seen) != len(conns):
            die("%s: tshark sees %d connections in %s, the manifest lists %d" % (manifest, len(seen), name, len(conns)))
        for i, (e, c) in enumerate(zip(conns, seen)):
            check_conn(e, c, facts_any(c), "%s #%d" % (name, i), errors)
    for ch in doc.get("chains", []):
        if conns[ch["attempts"][0]]["outcome"] != ch["root_outcome"] or conns[ch["attempts"][-1]]["outcome"] != ch["final_outcome"]:
            errors.append("chain %s: root/final outcome disagree with its attempts" % ch["attempts"])
    for fd in doc.get("findings", []):
        if any(not 0 <= j < len(conns) for j in fd["connections"]):
            errors.append("finding %s: connection index out of range" % fd["kind"])
        if fd["kind"] not in CHAIN_FINDINGS or set(fd.get("evidence", {})) - EVIDENCE_KEYS:
            errors.append("finding %s: unknown kind or evidence key" % fd["kind"])
    if "diagnosis_mentions" in doc:     # issue 8 samples: every failure has a cause finding
        explained = {j for fd in doc.get("findings", []) if fd["kind"] in CAUSE_FINDINGS for j in fd["connections"]}
        for i, e in enumerate(conns):
            if e["outcome"] != "established" and i not in explained:
                errors.append("#%d (%s) failed, but no cause finding lists it" % (i, e.get("tool")))
    if errors:
        for x in errors:
            print("  " + x, file=sys.stderr)
        die("%s: %d disagreement(s)" % (manifest, len(errors)))
    print("ok   %s: %d connections agree with tshark in %s" % (
        os.path.basename(manifest), len(conns), ", ".join(doc["files"])))


# --------------------------------------------------------------------------- families
def _ext_names():
    out = subprocess.run(["tshark", "-G", "values"], capture_output=True, text=True).stdout
    names = {}
    for line in out.splitlines():
        p = line.split("\t")
        if len(p) == 4 and p[0] == "V" and p[1] == "tls.handshake.extension.type":
            names[int(p[2])] = p[3]
    return names


def _raw_diff(base, other, names):
    """How hello `other` differs from hello `base` (JA4_r strings): suites and extensions."""
    pb, po = base.split("_"), other.split("_")
    parts = []
    if pb[0] != po[0]:
        parts.append("JA4_a %s instead of %s" % (po[0], pb[0]))
    for label, i in (("suites", 1), ("extensions", 2)):
        sb = set(pb[i].split(",")) if len(pb) > i and pb[i] else set()
        so = set(po[i].split(",")) if len(po) > i and po[i] else set()
        nm = (lambda x: "%s (%s)" % (x, names.get(int(x, 16), "?"))) if label == "extensions" else (lambda x: x)
        if sb - so:
            parts.append("without %s %s" % (label, ", ".join(nm(x) for x in sorted(sb - so))))
        if so - sb:
            parts.append("with %s %s" % (label, ", ".join(nm(x) for x in sorted(so - sb))))
    if pb[3:] != po[3:]:
        parts.append("other signature algorithms")
    return "; ".join(parts) or "same lists"


def families(manifests):
    """One row per (JA4, family) seen in the manifests' connections that name a family."""
    tsv = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    rows = {}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for man in manifests:
        doc = json.load(open(man))
        base = os.path.dirname(os.path.abspath(man))
        files = [os.path.join(base, f) for f in doc["files"]]
        seen = dissect_any(files if doc.get("merge") else files[:1], ja4=True)
        where = os.path.relpath(files[0], root)
        for i, (e, c) in enumerate(zip(doc["connections"], seen)):
            if "family" not in e:
                continue
            for k, (j4, raw) in enumerate(c.ja4s):
                tool = e["tool"]
                words = tool.split()
                vi = next((n for n, w in enumerate(words) if w[:1].isdigit()), len(words))
                r = rows.setdefault((j4, e["family"]), {
                    "ja4": j4, "family": e["family"], "program": " ".join(words[:vi]),
                    "version": words[vi] if vi < len(words) else "", "tools": set(), "ja4_r": raw,
                    "hellos": set(), "seen": []})
                r["tools"].add(tool)
                r["hellos"].add("second ClientHello (after HelloRetryRequest)" if k else "first ClientHello")
                r["seen"].append("%s #%d" % (where, i))
    names = _ext_names()
    out = []
    for fam in sorted({f for _, f in rows}):
        # the reference hello of a family is the one seen in most captures (a retry hello may
        # outnumber it in connections, but only where something reset the first one)
        fr = sorted((r for (j, f), r in rows.items() if f == fam),
                    key=lambda r: (-len({x.split(" #")[0] for x in r["seen"]}), -len(r["seen"]), r["ja4"]))
        for r in fr:
            row = {"ja4": r["ja4"], "family": fam, "program": r["program"], "version": r["version"],
                   "how measured": "%s; %s in %d connection(s), e.g. %s; JA4 computed by "
                                   "sample-pcaps/make/manifest.py (FoxIO JA4.md, checked on FoxIO's vectors) "
                                   "from the dissection by %s" % (
                                       "; ".join(sorted(r["tools"])), ", ".join(sorted(r["hellos"])),
                                       len(r["seen"]), r["seen"][0], tsv),
                   "captures": sorted({x.split(" #")[0] for x in r["seen"]}),
                   "ja4_r": r["ja4_r"]}
            if r is not fr[0]:
                # the family's most frequent hello is the reference; say what this one changes
                row["variant of"] = fr[0]["ja4"]
                row["difference"] = _raw_diff(fr[0]["ja4_r"], r["ja4_r"], names)
            out.append(row)
    return out


def cmd_families(out, manifests, check):
    rows = families(manifests)
    text = json.dumps(rows, indent=2) + "\n"
    if check:
        old = open(out).read() if os.path.exists(out) else ""
        if json.loads(old or "[]") != rows:
            die("%s does not match the manifests' hellos (regenerate: manifest.py families %s ...)" % (out, out))
        print("ok   %s: %d JA4 rows agree with the manifests' ClientHellos" % (os.path.basename(out), len(rows)))
        return
    with open(out, "w") as fh:
        fh.write(text)
    print("  %s: %d JA4 rows" % (os.path.relpath(out), len(rows)), file=sys.stderr)


# --------------------------------------------------------------------------- beyond 443 (issue 11)
# Preambles before TLS (STARTTLS and its kin, proxies) as tshark dissects them, and QUIC.
B4_FIELDS = ["tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "frame.protocols", "tcp.len", "tcp.payload",
             "smtp.req.command", "smtp.response.code", "imap.request.command", "imap.response.status",
             "pop.request.command", "pop.response.indicator", "ftp.request.command", "ftp.request.arg",
             "ftp.response.code", "xmpp.proceed", "xmpp.failure", "irc.request.command",
             "irc.response.num_command", "ldap.requestName", "ldap.resultCode", "pgsql.type", "mysql.caps.sl",
             "mysql.login_request", "rdp.negReq.requestedProtocols", "rdp.negReq.selectedProtocol",
             "rdp.negFailure.failureCode", "socks.version", "socks.command", "socks.remote_name", "socks.v4a_dns_name",
             "socks.dst", "socks.dstport", "socks.port", "socks.results", "http.request.method", "http.request.uri",
             "http.response.code"]
STARTTLS_OID = "1.3.6.1.4.1.1466.20037"


class Preamble:
    """What tshark saw before TLS on one TCP connection."""

    def __init__(self):
        self.name = None            # smtp, imap, ... (our vocabulary), None: TLS from byte one
        self.requested = False      # the client asked to start TLS (STARTTLS, SSLRequest, CONNECT...)
        self.answer = None          # True accepted, False refused, None no answer seen
        self.proxy_target = None


def _xmpp_kind(payload_hex):
    try:
        text = bytes.fromhex(payload_hex).decode("latin-1")
    except ValueError:
        return "xmpp-client"
    return "xmpp-server" if "jabber:server" in text else "xmpp-client"


def tshark_preambles(src, extra, clients):
    """{tcp.stream: Preamble} from the application dissectors tshark runs before TLS.
    clients: {tcp.stream: (client address, client port)}, as dissect_tcp() found them (SYN)."""
    # JSON, not -T fields: preamble strings may hold any byte (a ClientHello read as an SMTP command)
    cmd = ["tshark", "-n", "-r", src, "-Y", "tcp.len > 0", "-T", "json"] + list(extra)
    for f in B4_FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        die("tshark failed on %s: %s" % (src, res.stderr.strip()))
    pre = {}
    for pkt in json.loads(res.stdout or "[]"):
        layers = pkt["_source"]["layers"]
        r = {f: "|".join(layers.get(f, [])) for f in B4_FIELDS}
        st = to_int(r["tcp.stream"])
        src_ep = (r["ip.src"] or r["ipv6.src"], to_int(r["tcp.srcport"]))
        if st not in pre:
            pre[st] = Preamble()
        pr = pre[st]
        protos = r["frame.protocols"].split(":")
        side = "c" if src_ep == clients.get(st) else "s"
        if pr.name is None and "tls" not in protos:
            for proto, name in (("smtp", "smtp"), ("imap", "imap"), ("pop", "pop3"), ("ftp", "ftp"),
                                ("xmpp", "xmpp"), ("irc", "irc"), ("ldap", "ldap"), ("pgsql", "postgres"),
                                ("mysql", "mysql"), ("rdp", "rdp"), ("tpkt", "rdp"), ("socks", "socks")):
                if proto in protos:
                    pr.name = name
                    break
            if pr.name is None and r["http.request.method"] == "CONNECT":
                pr.name = "http-connect"
        if pr.name == "xmpp" and side == "c":
            pr.name = _xmpp_kind(r["tcp.payload"].split("|")[0])
        if pr.name == "socks" and r["socks.version"]:
            pr.name = "socks5" if r["socks.version"].split("|")[0] == "5" else "socks4"
        if "tls" in protos:
            continue
        # the request that starts TLS, and the server's answer to it (the first answer after it)
        name = pr.name
        if side == "c":
            cmds = [x.upper() for x in multi(r["smtp.req.command"]) + multi(r["imap.request.command"])
                    + multi(r["pop.request.command"]) + multi(r["irc.request.command"])]
            # tshark 4.0's smtp.req.command holds the first four letters: STARTTLS is "STAR"
            if name == "smtp" and ("STARTTLS" in cmds or "STAR" in cmds) or name == "imap" and "STARTTLS" in cmds \
                    or name == "pop3" and "STLS" in cmds or name == "irc" and "STARTTLS" in cmds:
                pr.requested = True
            elif name == "ftp" and r["ftp.request.command"].upper() == "AUTH" and r["ftp.request.arg"].upper() in ("TLS", "SSL", "TLS-C"):
                pr.requested = True
            elif name in ("xmpp-client", "xmpp-server") and "<starttls" in bytes.fromhex(r["tcp.payload"].split("|")[0]).decode("latin-1"):
                pr.requested = True
            elif name == "ldap" and STARTTLS_OID in multi(r["ldap.requestName"]):
                pr.requested = True
            elif name == "postgres" and "SSL request" in r["pgsql.type"]:
                pr.requested = True
            elif name == "mysql" and r["mysql.caps.sl"] and flag(r["mysql.caps.sl"].split("|")[0]):
                pr.requested, pr.answer = True, True   # the server offered CLIENT_SSL in its greeting
            elif name == "rdp" and r["rdp.negReq.requestedProtocols"]:
                pr.requested = (to_int(r["rdp.negReq.requestedProtocols"]) or 0) & 0x3 != 0
            elif name in ("socks5", "socks4") and r["socks.command"] == "1":
                pr.requested = True
                host = r["socks.remote_name"] or r["socks.v4a_dns_name"] or r["socks.dst"]
                # SOCKS4 requests carry socks.dstport, SOCKS5 requests socks.port
                pr.proxy_target = "%s:%s" % (host, r["socks.dstport"] or r["socks.port"])
            elif name == "http-connect" and r["http.request.method"] == "CONNECT":
                pr.requested, pr.proxy_target = True, r["http.request.uri"]
        elif pr.requested and pr.answer is None:
            if name == "smtp" and r["smtp.response.code"]:
                pr.answer = multi(r["smtp.response.code"])[-1] == "220"
            elif name == "imap" and r["imap.response.status"]:
                pr.answer = r["imap.response.status"].upper().startswith("OK")
            elif name == "pop3" and r["pop.response.indicator"]:
                pr.answer = r["pop.response.indicator"].startswith("+OK")
            elif name == "ftp" and r["ftp.response.code"]:
                pr.answer = multi(r["ftp.response.code"])[-1] == "234"
            elif name in ("xmpp-client", "xmpp-server"):
                text = bytes.fromhex(r["tcp.payload"].split("|")[0]).decode("latin-1")
                if "<proceed" in text:
                    pr.answer = True
                elif "<failure" in text:
                    pr.answer = False
            elif name == "irc" and r["irc.response.num_command"]:
                nums = multi(r["irc.response.num_command"])
                if "670" in nums:
                    pr.answer = True
                elif "691" in nums:
                    pr.answer = False
            elif name == "ldap" and r["ldap.resultCode"]:
                pr.answer = multi(r["ldap.resultCode"])[0] == "0"
            elif name == "postgres":
                # the answer to SSLRequest is one byte, 'S' or 'N' (tshark 4.0 leaves it untyped)
                first = bytes.fromhex(r["tcp.payload"].split("|")[0][:2])
                pr.answer = {b"S": True, b"N": False}.get(first)
            elif name == "rdp" and (r["rdp.negReq.selectedProtocol"] or r["rdp.negFailure.failureCode"]):
                pr.answer = bool(r["rdp.negReq.selectedProtocol"]) and (to_int(r["rdp.negReq.selectedProtocol"]) or 0) & 0x3 != 0
            elif name in ("socks5", "socks4") and r["socks.results"]:
                pr.answer = r["socks.results"] in ("0", "90")
            elif name == "http-connect" and r["http.response.code"]:
                pr.answer = r["http.response.code"].startswith("2")
    return pre


def beyond443_facts(c):
    """facts() for a TCP connection whose TLS may follow a preamble: the TLS facts are those of
    the part from the client's first TLS record on; the preamble gives the rest."""
    pr = c.preamble
    if pr.name is None:
        f = facts(c)
        f["transport"], f["preamble"] = "tcp", None
        return f
    if c.tls_start is not None:
        t = Conn(c.stream)
        t.__dict__.update(c.__dict__)
        t.events = c.events[c.tls_start:]
        t.payload = {k: c.payload[k] - c.pre_payload[k] for k in c.payload}
        t.first_client_bytes = c.first_tls_bytes
        f = facts(t)
    else:
        f = facts(c)
        f["outcome"] = "starttls_refused" if pr.requested and pr.answer is False else \
            ("tls_never_started" if not pr.requested else f["outcome"])
    f["transport"], f["preamble"] = "tcp", pr.name
    f["starttls_refused"] = bool(pr.requested and pr.answer is False)
    f["tls_never_started"] = not pr.requested and c.tls_start is None
    if pr.proxy_target is not None:
        f["proxy_target"] = pr.proxy_target
    return f


# ---- QUIC (RFC 9000 long headers; v2: RFC 9369 and its drafts) --------------------------
QUIC_FIELDS = ["frame.time_epoch", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport",
               "quic.connection.number", "quic.version", "quic.header_form", "quic.long.packet_type",
               "quic.long.packet_type_v2", "quic.frame_type", "quic.cc.error_code", "quic.cc.error_code.tls_alert",
               "tls.handshake.type", "tls.handshake.extensions.supported_version", "tls.handshake.ciphersuite",
               "tls.handshake.extensions_server_name", "icmp.type", "icmp.code", "quic.supported_version"]


class QuicConn:
    def __init__(self, number):
        self.number = number
        self.first_ts = None
        self.client = self.server = None
        self.cport = self.sport = None
        self.version = None
        self.sni = None
        self.server_hello = None        # (version, cipher)
        self.close = None               # (side, error code, tls alert or None)
        self.short = {"c": 0, "s": 0}   # 1-RTT packets
        self.packets = {"c": 0, "s": 0}
        self.icmp_unreachable = 0
        self.vn = None                  # versions a Version Negotiation packet offered
        self.ja4s = []                  # (JA4, JA4_r) of each ClientHello tshark showed, in order


def dissect_quic(src, extra=()):
    cmd = ["tshark", "-n", "-r", src, "-Y", "quic", "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=|"] + list(extra)
    for f in QUIC_FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        die("tshark failed on %s: %s" % (src, res.stderr.strip()))
    conns, order, by_tuple = {}, [], {}
    for line in res.stdout.splitlines():
        p = line.split("\t")
        p += [""] * (len(QUIC_FIELDS) - len(p))
        r = dict(zip(QUIC_FIELDS, p))
        srcs = multi(r["ip.src"]) or multi(r["ipv6.src"])
        dsts = multi(r["ip.dst"]) or multi(r["ipv6.dst"])
        sps, dps = multi(r["udp.srcport"]), multi(r["udp.dstport"])
        if r["icmp.type"]:
            # an ICMP error quoting our datagram: the quoted (inner) addresses are the last ones
            inner = (srcs[-1], to_int(sps[-1]), dsts[-1], to_int(dps[-1]))
            c = by_tuple.get(inner)
            if c is not None:
                c.icmp_unreachable += 1
            continue
        num = to_int(multi(r["quic.connection.number"])[0]) if r["quic.connection.number"] else None
        if num is None:
            continue
        c = conns.get(num)
        src, sp, dst, dp = srcs[0], to_int(sps[0]), dsts[0], to_int(dps[0])
        if c is None:
            c = conns[num] = QuicConn(num)
            order.append(num)
            c.first_ts = float(r["frame.time_epoch"])
            c.client, c.cport, c.server, c.sport = src, sp, dst, dp     # the client's Initial comes first
            by_tuple[(src, sp, dst, dp)] = c
        side = "c" if (src, sp) == (c.client, c.cport) else "s"
        c.packets[side] += 1
        forms = [to_int(x) for x in multi(r["quic.header_form"])]
        vers = [to_int(x) for x in multi(r["quic.version"])]
        if side == "c" and c.version is None and vers:
            c.version = vers[0]
        if side == "s" and 0 in vers and c.vn is None:
            # RFC 9000 §15: versions 0x?a?a?a?a are reserved (greased); they vary per packet
            c.vn = ["0x%08x" % v for v in (to_int(x) for x in multi(r["quic.supported_version"]))
                    if (v & 0x0f0f0f0f) != 0x0a0a0a0a]
        c.short[side] += sum(1 for x in forms if x == 0)
        htypes = [to_int(x) for x in multi(r["tls.handshake.type"])]
        if side == "c" and 1 in htypes and c.sni is None:
            c.sni = (multi(r["tls.handshake.extensions_server_name"]) or [None])[0]
        if side == "s" and 2 in htypes and c.server_hello is None:
            sv = [to_int(x) for x in multi(r["tls.handshake.extensions.supported_version"])]
            cs = [to_int(x) for x in multi(r["tls.handshake.ciphersuite"])]
            c.server_hello = (sv[0] if sv else None, cs[0] if cs else None)
        ftypes = [to_int(x) for x in multi(r["quic.frame_type"])]
        if c.close is None and any(t in (0x1c, 0x1d) for t in ftypes):
            codes = [to_int(x) for x in multi(r["quic.cc.error_code"])]
            alerts = [to_int(x) for x in multi(r["quic.cc.error_code.tls_alert"])]
            c.close = (side, codes[0] if codes else None, alerts[0] if alerts else None)
    return [conns[n] for n in order]


def quic_facts(c):
    f = {"client": c.client, "server": c.server, "server_port": c.sport, "transport": "quic", "preamble": None,
         "quic_version": "0x%08x" % c.version if c.version is not None else None}
    if c.sni is not None:
        f["sni"] = c.sni
    if c.ja4s:
        f["ja4"] = c.ja4s[0][0]
    if c.server_hello:
        f["version"] = VERSIONS.get(c.server_hello[0], c.server_hello[0])
        f["cipher"] = suite_name(c.server_hello[1]) if c.server_hello[1] is not None else None
    closed_before = c.close is not None and not (c.short["c"] and c.short["s"])
    if c.vn is not None:
        f["quic_vn_versions"] = c.vn
    if c.close is not None:
        f["quic_close_error"] = "0x%x" % c.close[1] if c.close[1] is not None else None
        if c.close[2] is not None:
            f["alert"], f["alert_from"] = alert_name(c.close[2]), {"c": "client", "s": "server"}[c.close[0]]
        else:
            f["alert"] = None
    else:
        f["alert"], f["alert_from"] = None, None
    if c.short["c"] and c.short["s"] and not (c.close is not None and c.close[2] is not None):
        f["outcome"] = "established"
    elif closed_before and c.close[2] is not None:
        f["outcome"] = "server_alert" if c.close[0] == "s" else "client_alert"
    elif c.packets["s"] == 0:
        f["outcome"] = "refused" if c.icmp_unreachable else "no_server_response"
    elif c.vn is not None and not c.server_hello:
        f["outcome"] = "version_negotiation"
    elif c.close is not None:
        f["outcome"] = "server_closed" if c.close[0] == "s" else "client_abandoned"
    else:
        f["outcome"] = "incomplete"
    return f


# ---- dispatch: TCP (with or without preambles) and QUIC in one first-packet order ---------
def needs_beyond443(conns):
    return any(k in e for e in conns for k in B4_KEYS)


def dissect_any(files, extra=(), beyond=False, ja4=False, tls_extra=()):
    """The connections in files (merged by timestamp when several) in first-packet order: TCP,
    and with beyond=True also each TCP connection's preamble and the QUIC connections; ja4=True
    adds the JA4 of every ClientHello (a JSON pass of its own).
    extra: tshark options for every pass (decode_as); tls_extra: only for the TLS passes
    (tls_decode_as: ports where tshark 4.0 does not follow a preamble into TLS, so TLS is
    forced from the first byte and the preamble's bytes are skipped as unknown records)."""
    extra, tls_extra = list(extra), list(extra) + list(tls_extra)
    src, tmp = merged_source(files)
    try:
        seen = dissect_tcp(src, tls_extra)
        if beyond:
            pre = tshark_preambles(src, extra, {c.stream: (c.client, c.cport) for c in seen})
            for c in seen:
                c.preamble = pre.get(c.stream, Preamble())
            quic = dissect_quic(src, extra)
            seen = sorted(seen + quic, key=lambda c: c.first_ts)
        if ja4:
            hellos = tshark_hellos(src, tls_extra)
            for c in seen:
                c.ja4s = hellos.get(("quic", c.number) if isinstance(c, QuicConn) else ("tcp", c.stream), [])
    finally:
        if tmp:
            os.unlink(tmp)
    return seen


def facts_any(c):
    if isinstance(c, QuicConn):
        return quic_facts(c)
    if hasattr(c, "preamble"):
        return beyond443_facts(c)
    return facts(c)


def describe_any(c, f):
    if isinstance(c, QuicConn):
        return "quic %s:%s -> %s:%s %s %s v=%s %s close=%s" % (c.client, c.cport, c.server, c.sport, f.get("quic_version"),
                                                            f["outcome"], f.get("version"), f.get("cipher"), f.get("quic_close_error"))
    s = describe(c, f)
    if f.get("preamble"):
        s += " preamble=%s%s%s%s" % (f["preamble"], " refused" if f.get("starttls_refused") else "",
                                     " never-started" if f.get("tls_never_started") else "",
                                     " target=%s" % f["proxy_target"] if f.get("proxy_target") else "")
    return s


def decode_as_args(values):
    out = []
    for v in values or []:
        out += ["-d", v]
    return out


# --------------------------------------------------------------------------- show, main
def cmd_show(files, extra=(), tls_extra=()):
    for i, c in enumerate(dissect_any(files, extra, True, True, tls_extra)):
        f = facts_any(c)
        print("#%d %s%s" % (i, describe_any(c, f), " ja4=%s" % f["ja4"] if f.get("ja4") else ""))


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    cmd = sys.argv[1]
    if cmd == "plan" and len(sys.argv) >= 3:
        cmd_plan(sys.argv[2], sys.argv[3:])
    elif cmd == "build" and len(sys.argv) >= 5:
        cmd_build(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif cmd == "verify" and len(sys.argv) >= 3:
        bad = []
        for m in sys.argv[2:]:
            try:
                cmd_verify(m)
            except SystemExit:
                bad.append(os.path.basename(m))
        if bad:
            die("%d manifest(s) disagree: %s" % (len(bad), ", ".join(bad)))
    elif cmd == "show" and len(sys.argv) >= 3:
        args, extra, tls_extra = sys.argv[2:], [], []
        while args and args[0] in ("-d", "--tls-d") and len(args) > 2:
            (extra if args[0] == "-d" else tls_extra).extend(["-d", args[1]])
            args = args[2:]
        cmd_show(args, extra, tls_extra)
    elif cmd == "selftest":
        cmd_selftest()
    elif cmd == "families" and len(sys.argv) >= 4:
        check = sys.argv[2] == "--check"
        args = sys.argv[3:] if check else sys.argv[2:]
        cmd_families(args[0], args[1:], check)
    else:
        die(__doc__)


if __name__ == "__main__":
    main()
