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
  manifest.py show FILE...                      print what tshark saw per connection
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
            "unanswered_syn", "incomplete", "mid_stream"}
CHAIN_FINDINGS = {"fallback_after_failure", "fallback_scsv_rejected", "resumption_cipher_missing",
                  "downgrade_without_scsv", "no_shared_cipher", "client_rejected_certificate",
                  "server_unresponsive"}
BOOL_KEYS = {"session_id_offered", "alert_encrypted", "fallback_scsv", "resumed", "hello_retry", "sslv2_format", "recovered"}
CONN_KEYS = ["client", "server", "server_port", "tool", "sni", "outcome", "max_version", "version",
             "cipher", "alert", "alert_from", "alert_encrypted", "fallback_scsv", "resumed",
             "hello_retry", "sslv2_format", "session_id_offered", "ja4", "client_hello_min_length",
             "client_hello_length", "note"]
# client_hello_min_length: the script knows a lower bound (what it put into the hello); tshark must
# show at least that, and the manifest records tshark's exact handshake length as client_hello_length.
INT_KEYS = {"server_port", "client_hello_min_length", "client_hello_length"}
# Keys tshark 4.0 cannot check (it has no JA4): their values must come from a cited outside source.
UNCHECKED_KEYS = {"ja4"}

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
        elif k in ("attempts", "connections"):
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


def tshark_packets(files):
    tmp = None
    if len(files) > 1:
        fd, tmp = tempfile.mkstemp(suffix=".pcapng")
        os.close(fd)
        subprocess.run(["mergecap", "-w", tmp] + files, check=True)
        src = tmp
    else:
        src = files[0]
    cmd = ["tshark", "-n", "-r", src, "-Y", "tcp", "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=|", "-o", "tcp.analyze_sequence_numbers:TRUE"]
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

    def side_of(self, src, sport):
        return "c" if (src, sport) == (self.client, self.cport) else "s"


def dissect(files):
    conns = {}
    order = []
    for r in tshark_packets(files):
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
    seen = dissect(files)
    errors = []
    if len(seen) != len(conns):
        for i, c in enumerate(seen):
            print("  tshark #%d %s" % (i, describe(c, facts(c))), file=sys.stderr)
        die("%s: tshark sees %d TCP connections, the plan has %d" % (out, len(seen), len(conns)))
    labels = {}
    out_conns = []
    for i, (e, c) in enumerate(zip(conns, seen)):
        f = facts(c)
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
                errors.append("#%d %s: %s expected %r, tshark shows %r   [%s]" % (i, label, k, v, got, describe(c, f)))
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
    for group in ([files] if doc.get("merge") else [[f] for f in files]):
        seen = dissect(group)
        name = "+".join(os.path.basename(f) for f in group)
        if len(seen) != len(conns):
            die("%s: tshark sees %d TCP connections in %s, the manifest lists %d" % (manifest, len(seen), name, len(conns)))
        for i, (e, c) in enumerate(zip(conns, seen)):
            f = facts(c)
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


def cmd_show(files):
    for i, c in enumerate(dissect(files)):
        print("#%d %s" % (i, describe(c, facts(c))))


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
        cmd_show(sys.argv[2:])
    else:
        die(__doc__)


if __name__ == "__main__":
    main()
