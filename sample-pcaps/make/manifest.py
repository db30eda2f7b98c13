#!/usr/bin/env python3
"""Build a sample-capture manifest from a recording plan and check it against tshark.

The recording scripts append one JSON line per step to a plan file (see `plan` below):
what each TCP connection must show (as the script drove the client and configured the
server), plus chains and findings that refer to connections by label. `build` then

  1. dissects the capture(s) with tshark (Debian's, a second opinion that is not tlsinspect),
  2. checks that tshark sees exactly the planned connections, in the planned order
     (order of each connection's first packet; several files are merged by timestamp),
  3. checks every expected key against what tshark decoded (version, cipher, alerts,
     SCSV, session resumption, HelloRetryRequest, SNI, SSLv2 format, TCP-level outcome),
  4. writes <basename>.manifest.json with connection labels resolved to 0-based indexes.

Any mismatch is fatal: a manifest is only written when the capture agrees with it.

Usage:
  manifest.py plan PLAN key=value...            append a connection ('type=conn' implied)
  manifest.py plan PLAN type=chain attempts=a,b,c root_outcome=... ...
  manifest.py plan PLAN type=finding kind=... connections=a,b
  manifest.py plan PLAN type=meta description=... generator=...
  manifest.py build PLAN OUT.json FILE...       verify and write the manifest
  manifest.py verify MANIFEST...                re-check written manifests against tshark
  manifest.py show [-d|--tls-d DECODE_AS]... FILE...  what tshark saw per connection
  manifest.py selftest                          JA4 (ja4_from_lists) against FoxIO's vectors
"""
import json
import os
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
CHAIN_FINDINGS = {"fallback_after_failure", "fallback_scsv_rejected", "resumption_cipher_missing",
                  "downgrade_without_scsv", "no_shared_cipher", "client_rejected_certificate",
                  "server_unresponsive",
                  "h3_fallback"}  # issue 11: a failed QUIC attempt, then TCP to the same name
BOOL_KEYS = {"session_id_offered", "alert_encrypted", "fallback_scsv", "resumed", "hello_retry", "sslv2_format", "recovered",
             "starttls_refused", "tls_never_started"}
CONN_KEYS = ["client", "server", "server_port", "tool", "sni", "outcome", "max_version", "version",
             "cipher", "alert", "alert_from", "alert_encrypted", "fallback_scsv", "resumed",
             "hello_retry", "sslv2_format", "session_id_offered", "ja4", "client_hello_min_length",
             "client_hello_length", "note"]
# issue 11 keys, written right after server_port (see beyond443_keys below)
B4_KEYS = ["transport", "preamble", "proxy_target", "starttls_refused", "tls_never_started",
           "quic_version", "quic_close_error", "quic_vn_versions"]
CONN_KEYS = CONN_KEYS[:3] + B4_KEYS + CONN_KEYS[3:]
# Keys tshark cannot check. (ja4: tshark 4.0 has no JA4; ja4_from_tshark below computes it
# from tshark's fields by FoxIO's JA4.md, so it is checked too.)
UNCHECKED_KEYS = set()
# client_hello_min_length: the script knows a lower bound (what it put into the hello); tshark must
# show at least that, and the manifest records tshark's exact handshake length as client_hello_length.
INT_KEYS = {"server_port", "client_hello_min_length", "client_hello_length"}

FIELDS = ["frame.time_epoch", "tcp.stream", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.reset",
          "tcp.flags.fin", "tcp.len", "tcp.payload", "tls.record.content_type", "tls.record.length",
          "tls.handshake.type", "tls.handshake.version", "tls.handshake.extensions.supported_version",
          "tls.handshake.ciphersuite", "tls.handshake.session_id", "tls.handshake.extensions_server_name",
          "tls.alert_message.level", "tls.alert_message.desc", "tls.handshake.random",
          "tls.handshake.cipherspec", "tls.record.opaque_type", "tls.handshake.length"]


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


def tshark_packets(files, extra=()):
    tmp = None
    if len(files) > 1:
        fd, tmp = tempfile.mkstemp(suffix=".pcapng")
        os.close(fd)
        subprocess.run(["mergecap", "-w", tmp] + files, check=True)
        src = tmp
    else:
        src = files[0]
    cmd = ["tshark", "-n", "-r", src, "-Y", "tcp", "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=|", "-o", "tcp.analyze_sequence_numbers:TRUE"] + list(extra)
    for f in FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if tmp:
        os.unlink(tmp)
    if res.returncode != 0:
        die("tshark failed on %s: %s" % (files, res.stderr.strip()))
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
        self.tls_start = None       # index into events where the client's first TLS record is
        self.pre_payload = None     # payload counts before it (a preamble: STARTTLS, proxies)
        self.first_tls_bytes = None

    def side_of(self, src, sport):
        return "c" if (src, sport) == (self.client, self.cport) else "s"


def dissect(files, extra=()):
    conns = {}
    order = []
    for r in tshark_packets(files, extra):
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
    if sh and not tls13:
        established = c.ccs["c"] and c.ccs["s"] and not fatal
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
    f["alert_encrypted"] = bool(tls13 and client_enc_after_sh and not established and not fatal)
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
def cmd_build(plan_file, out, files):
    entries = [json.loads(l) for l in open(plan_file) if l.strip()]
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
            # the plan asks for the JA4 computed here (ja4_from_tshark), not a published value
            e["ja4"] = f.get("ja4")
        label = e.get("label", str(i))
        if label in labels:
            die("duplicate label %s" % label)
        labels[label] = i
        for k, v in e.items():
            if k in ("type", "label", "tool", "note"):
                continue
            if k not in CONN_KEYS:
                errors.append("#%d %s: unknown key %s" % (i, label, k))
                continue
            if k in UNCHECKED_KEYS:
                continue
            if k == "outcome" and v not in OUTCOMES:
                errors.append("#%d %s: unknown outcome %s" % (i, label, v))
            got = f.get(k)
            if k == "alert_encrypted" and v is False:
                got = bool(got)
            if k == "client_hello_min_length":
                got = f.get("client_hello_length")
                if got is None or got < v:
                    errors.append("#%d %s: ClientHello expected at least %d bytes, tshark shows %r" % (i, label, v, got))
                continue
            if got != v:
                errors.append("#%d %s: %s expected %r, tshark shows %r   [%s]" % (i, label, k, v, got, describe_any(c, f)))
        if e.get("alert_encrypted") and "alert" in e:
            errors.append("#%d %s: an encrypted alert must not name its description" % (i, label))
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


def cmd_verify(manifest):
    """Re-check a written manifest against its capture(s) with tshark."""
    doc = json.load(open(manifest))
    base = os.path.dirname(os.path.abspath(manifest))
    files = [os.path.join(base, f) for f in doc["files"]]
    conns = doc["connections"]
    errors = []
    extra = decode_as_args(doc.get("decode_as"))
    for group in ([files] if doc.get("merge") else [[f] for f in files]):
        seen = dissect_any(group, extra, needs_beyond443(conns), any("ja4" in e for e in conns),
                           decode_as_args(doc.get("tls_decode_as")))
        name = "+".join(os.path.basename(f) for f in group)
        if len(seen) != len(conns):
            die("%s: tshark sees %d TCP connections in %s, the manifest lists %d" % (manifest, len(seen), name, len(conns)))
        for i, (e, c) in enumerate(zip(conns, seen)):
            f = facts_any(c)
            for k, v in e.items():
                if k in ("tool", "note") or k in UNCHECKED_KEYS:
                    continue
                got = f.get(k)
                if k == "alert_encrypted" and v is False:
                    got = bool(got)
                if k == "client_hello_min_length":
                    got = f.get("client_hello_length")
                    if got is None or got < v:
                        errors.append("%s #%d: ClientHello of at least %d bytes in the manifest, tshark shows %r" % (name, i, v, got))
                    continue
                if got != v:
                    errors.append("%s #%d: %s is %r in the manifest, tshark shows %r" % (name, i, k, v, got))
    for ch in doc.get("chains", []):
        if conns[ch["attempts"][0]]["outcome"] != ch["root_outcome"] or conns[ch["attempts"][-1]]["outcome"] != ch["final_outcome"]:
            errors.append("chain %s: root/final outcome disagree with its attempts" % ch["attempts"])
    for fd in doc.get("findings", []):
        if any(not 0 <= j < len(conns) for j in fd["connections"]):
            errors.append("finding %s: connection index out of range" % fd["kind"])
    if errors:
        for x in errors:
            print("  " + x, file=sys.stderr)
        die("%s: %d disagreement(s)" % (manifest, len(errors)))
    print("ok   %s: %d connections agree with tshark in %s" % (
        os.path.basename(manifest), len(conns), ", ".join(doc["files"])))


def cmd_show(files, extra=(), tls_extra=()):
    for i, c in enumerate(dissect_any(files, extra, True, True, tls_extra)):
        f = facts_any(c)
        print("#%d %s%s" % (i, describe_any(c, f), " ja4=%s" % f["ja4"] if f.get("ja4") else ""))


# --------------------------------------------------------------------------- JA4 (FoxIO)
# FoxIO-LLC/ja4 technical_details/JA4.md, implemented here from the text so that the sample
# manifests do not take JA4 values from tlsinspect. `selftest` runs FoxIO's published vectors.
def is_grease(v):
    # RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa
    return (v & 0x0f0f) == 0x0a0a and (v >> 8) == (v & 0xff)


JA4_VERSIONS = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2",
                0xfeff: "d1", 0xfefd: "d2", 0xfefc: "d3"}


def ja4_alpn(first):
    """JA4.md 'ALPN Extension Value': first and last characters of the first ALPN value, or of
    its hex form when either end byte is not ASCII alphanumeric; '00' when there is none."""
    if not first:
        return "00"
    def alnum(b):
        return 0x30 <= b <= 0x39 or 0x41 <= b <= 0x5a or 0x61 <= b <= 0x7a
    if alnum(first[0]) and alnum(first[-1]):
        return chr(first[0]) + chr(first[-1])
    h = first.hex()
    return h[0] + h[-1]


def ja4_from_lists(transport, legacy_version, versions, ciphers, extensions, sigalgs, alpn_first):
    """JA4 from a ClientHello's lists in wire order (GREASE included; it is dropped here).
    transport 'q' (QUIC), 'd' (DTLS) or 't'; alpn_first the first ALPN protocol as bytes."""
    import hashlib
    vs = [v for v in versions if not is_grease(v)]
    version = JA4_VERSIONS.get(max(vs) if vs else legacy_version, "00")
    cs = [c for c in ciphers if not is_grease(c)]
    es = [e for e in extensions if not is_grease(e)]
    sni = "d" if 0x0000 in es else "i"
    a = "%s%s%s%02d%02d%s" % (transport, version, sni, min(len(cs), 99), min(len(es), 99), ja4_alpn(alpn_first))
    def h(text):
        return hashlib.sha256(text.encode()).hexdigest()[:12]
    b = h(",".join("%04x" % c for c in sorted(cs))) if cs else "000000000000"
    rest = sorted(e for e in es if e not in (0x0000, 0x0010))
    sa = [x for x in sigalgs if not is_grease(x)]
    text = ",".join("%04x" % e for e in rest)
    if sa:
        text += "_" + ",".join("%04x" % x for x in sa)
    c = h(text) if rest else "000000000000"
    return "%s_%s_%s" % (a, b, c)


def _walk(node, fn):
    if isinstance(node, dict):
        fn(node)
        for v in node.values():
            _walk(v, fn)
    elif isinstance(node, list):
        for v in node:
            _walk(v, fn)


def _ints(v):
    if v is None:
        return []
    if not isinstance(v, list):
        v = [v]
    return [to_int(x) for x in v if isinstance(x, str) and x.strip()]


def _first_str(v):
    while isinstance(v, list):
        v = v[0] if v else None
    return v


def ja4_from_tshark(hello, transport):
    """JA4 of one ClientHello as tshark's JSON tree shows it (`-T json --no-duplicate-keys`):
    the handshake dict with tls.handshake.type 1. Extension subtrees carry
    tls.handshake.extension.type; signature algorithms are taken only from extension 13
    (signature_algorithms_cert, 50, uses the same tshark field)."""
    exts, sigalgs, versions, alpn = [], [], [], None
    for k, v in hello.items():
        if not k.startswith("Extension: "):
            continue
        for ext in (v if isinstance(v, list) else [v]):
            t = to_int(_first_str(ext.get("tls.handshake.extension.type")) or "")
            if t is None:
                continue
            exts.append((k, t, ext))
    # the JSON object keeps the wire order of the extensions
    ext_types = [t for _, t, _ in exts]
    for _, t, ext in exts:
        if t == 13:
            found = []
            _walk(ext, lambda d: found.extend(_ints(d.get("tls.handshake.sig_hash_alg"))))
            sigalgs = found
        elif t == 43:
            found = []
            _walk(ext, lambda d: found.extend(_ints(d.get("tls.handshake.extensions.supported_version"))))
            versions = found
        elif t == 16:
            found = []
            _walk(ext, lambda d: found.extend(d["tls.handshake.extensions_alpn_str"] if isinstance(d.get("tls.handshake.extensions_alpn_str"), list)
                                              else ([d["tls.handshake.extensions_alpn_str"]] if "tls.handshake.extensions_alpn_str" in d else [])))
            alpn = found[0].encode("latin-1") if found else None
    ciphers = []
    _walk(hello.get("tls.handshake.ciphersuites", {}), lambda d: ciphers.extend(_ints(d.get("tls.handshake.ciphersuite"))))
    legacy = to_int(_first_str(hello.get("tls.handshake.version")) or "0")
    return ja4_from_lists(transport, legacy, versions, ciphers, ext_types, sigalgs, alpn)


def tshark_hello_ja4s(files, extra=()):
    """{('tcp', tcp.stream) or ('quic', quic.connection.number): JA4 of the first ClientHello}."""
    src, tmp = files[0], None
    if len(files) > 1:
        fd, tmp = tempfile.mkstemp(suffix=".pcapng")
        os.close(fd)
        subprocess.run(["mergecap", "-w", tmp] + files, check=True)
        src = tmp
    res = subprocess.run(["tshark", "-n", "-r", src, "-T", "json", "--no-duplicate-keys",
                          "-Y", "tls.handshake.type == 1", "-o", "tcp.analyze_sequence_numbers:TRUE"] + list(extra),
                         capture_output=True, text=True)
    if tmp:
        os.unlink(tmp)
    if res.returncode != 0:
        die("tshark -T json failed on %s: %s" % (files, res.stderr.strip()))
    out = {}
    for pkt in json.loads(res.stdout or "[]"):
        layers = pkt["_source"]["layers"]
        if "quic" in layers:
            key = None
            _walk(layers["quic"], lambda d: None)
            nums = []
            _walk(layers["quic"], lambda d: nums.extend(_ints(d.get("quic.connection.number"))))
            key, transport = ("quic", nums[0]), "q"
        else:
            key, transport = ("tcp", to_int(_first_str(layers["tcp"]["tcp.stream"]))), "t"
        hellos = []
        _walk(layers, lambda d: hellos.append(d) if _first_str(d.get("tls.handshake.type")) == "1" and "tls.handshake.ciphersuites" in d else None)
        if hellos and key not in out:
            out[key] = ja4_from_tshark(hellos[0], transport)
    return out


def cmd_selftest():
    """ja4_from_lists against FoxIO's published vectors (the same ones the decoder's Ja4Test uses)."""
    spec_c = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035]
    spec_e = [0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015]
    spec_s = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
    gr_e = [0xfe0d, 0x0010, 0x0017, 0x0033, 0x44cd, 0xff01, 0x000a, 0x000d, 0x0023, 0x002b, 0x000b, 0xca34, 0x002d, 0x0000, 0x0005, 0x001b, 0x0012]
    gr_s = [0x0904, 0x0905, 0x0906, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
    cases = [
        # JA4.md "Example"
        (("t", 0x0303, [0x0304, 0x0303], spec_c, spec_e, spec_s, b"h2"), "t13d1516h2_8daaf6152771_e5627efa2ab1"),
        # the same with GREASE added everywhere (JA4.md: ignore GREASE)
        (("t", 0x0303, [0x4a4a, 0x0304, 0x0303], [0x0a0a] + spec_c, [0x1a1a] + spec_e, [0x3a3a] + spec_s, b"h2"), "t13d1516h2_8daaf6152771_e5627efa2ab1"),
        # JA4.md "Extension hash": no signature algorithms, no trailing '_'
        (("t", 0x0303, [0x0304], spec_c, spec_e, [], b"h2"), "t13d1516h2_8daaf6152771_6d807ffa2a79"),
        # FoxIO-LLC/ja4 python/test/testdata/sigalg-grease.pcapng.json
        (("t", 0x0303, [0x0304, 0x0303], spec_c, gr_e, gr_s, b"h2"), "t13d1517h2_8daaf6152771_cb7bf5808d99"),
        # JA4.md: empty lists hash to zeros
        (("t", 0x0303, [], [], [], [], None), "t12i000000_000000000000_000000000000"),
    ]
    bad = 0
    for args, want in cases:
        got = ja4_from_lists(*args)
        print("%s %s" % ("ok  " if got == want else "FAIL", got if got == want else "%s != %s" % (got, want)))
        bad += got != want
    for raw, want in [(b"h2", "h2"), (b"http/1.1", "h1"), (b"x", "xx"), (b"", "00"), (b"\xab", "ab"),
                      (b"\xab\xcd", "ad"), (b"\x30\xab", "3b"), (b"\x30\x31\xab\xcd", "3d"), (b"\x30\xab\xcd\x31", "01")]:
        got = ja4_alpn(raw)
        print("%s alpn %r -> %s" % ("ok  " if got == want else "FAIL", raw, got))
        bad += got != want
    if bad:
        die("selftest: %d JA4 vector(s) disagree" % bad)


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


def tshark_preambles(files, extra, clients):
    """{tcp.stream: Preamble} from the application dissectors tshark runs before TLS.
    clients: {tcp.stream: (client address, client port)}, as dissect() found them (SYN)."""
    src, tmp = files[0], None
    if len(files) > 1:
        fd, tmp = tempfile.mkstemp(suffix=".pcapng")
        os.close(fd)
        subprocess.run(["mergecap", "-w", tmp] + files, check=True)
        src = tmp
    # JSON, not -T fields: preamble strings may hold any byte (a ClientHello read as an SMTP command)
    cmd = ["tshark", "-n", "-r", src, "-Y", "tcp.len > 0", "-T", "json"] + list(extra)
    for f in B4_FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if tmp:
        os.unlink(tmp)
    if res.returncode != 0:
        die("tshark failed on %s: %s" % (files, res.stderr.strip()))
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
        self.ja4 = None


def dissect_quic(files, extra=()):
    src, tmp = files[0], None
    if len(files) > 1:
        fd, tmp = tempfile.mkstemp(suffix=".pcapng")
        os.close(fd)
        subprocess.run(["mergecap", "-w", tmp] + files, check=True)
        src = tmp
    cmd = ["tshark", "-n", "-r", src, "-Y", "quic", "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=|"] + list(extra)
    for f in QUIC_FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if tmp:
        os.unlink(tmp)
    if res.returncode != 0:
        die("tshark failed on %s: %s" % (files, res.stderr.strip()))
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
    """extra: tshark options for every pass (decode_as); tls_extra: only for the TLS passes
    (tls_decode_as: ports where tshark 4.0 does not follow a preamble into TLS, so TLS is
    forced from the first byte and the preamble's bytes are skipped as unknown records)."""
    extra, tls_extra = list(extra), list(extra) + list(tls_extra)
    seen = dissect(files, tls_extra)
    if beyond:
        pre = tshark_preambles(files, extra, {c.stream: (c.client, c.cport) for c in seen})
        for c in seen:
            c.preamble = pre.get(c.stream, Preamble())
        quic = dissect_quic(files, extra)
        seen = sorted(seen + quic, key=lambda c: c.first_ts)
    if ja4:
        j = tshark_hello_ja4s(files, tls_extra)
        for c in seen:
            c.ja4 = j.get(("quic", c.number) if isinstance(c, QuicConn) else ("tcp", c.stream))
    return seen


def facts_any(c):
    if isinstance(c, QuicConn):
        f = quic_facts(c)
    elif hasattr(c, "preamble"):
        f = beyond443_facts(c)
    else:
        f = facts(c)
    if getattr(c, "ja4", None) is not None:
        f["ja4"] = c.ja4
    return f


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


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    cmd = sys.argv[1]
    if cmd == "plan" and len(sys.argv) >= 3:
        cmd_plan(sys.argv[2], sys.argv[3:])
    elif cmd == "build" and len(sys.argv) >= 5:
        cmd_build(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif cmd == "verify" and len(sys.argv) >= 3:
        for m in sys.argv[2:]:
            cmd_verify(m)
    elif cmd == "show" and len(sys.argv) >= 3:
        args, extra, tls_extra = sys.argv[2:], [], []
        while args and args[0] in ("-d", "--tls-d") and len(args) > 2:
            (extra if args[0] == "-d" else tls_extra).extend(["-d", args[1]])
            args = args[2:]
        cmd_show(args, extra, tls_extra)
    elif cmd == "selftest":
        cmd_selftest()
    else:
        die(__doc__)


if __name__ == "__main__":
    main()
