// A small TLS client on Java's own TLS stack (JSSE, SSLSocket), for the sample captures.
// Run as a single-file program:  java TlsClient.java --connect IP:PORT [options]
//   --sni NAME            server name sent in SNI (default www.example.test)
//   --protocols LIST      e.g. TLSv1.3 or TLSv1.2 or TLSv1 (comma separated)
//   --ciphers LIST        JSSE suite names (comma separated)
//   --insecure            trust any certificate (the sample server's cert is self-signed)
//   --cafile PEM          trust only the certificate(s) in this PEM file (a test CA), and check
//                         that the certificate names the SNI (endpoint identification HTTPS)
// JDK 17 disables TLSv1 and TLSv1.1; to use them pass
//   -Djava.security.properties=java-legacy-tls.security   (see that file)
// Sends one HTTP/1.1 request, reads the answer, closes. Prints the negotiated protocol and
// suite on stdout; exit code 0 on a completed handshake, 1 otherwise.
import javax.net.ssl.*;
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.*;

public class TlsClient {
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("--insecure")) { o.put("insecure", "1"); continue; }
            if (i + 1 >= args.length) usage();
            o.put(k.substring(2), args[++i]);
        }
        String connect = o.get("connect");
        if (connect == null) usage();
        int colon = connect.lastIndexOf(':');
        String host = connect.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(connect.substring(colon + 1));
        String sni = o.getOrDefault("sni", "www.example.test");

        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManager[] trust = null;
        if (o.containsKey("insecure")) {
            trust = new TrustManager[] { new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) { }
                public void checkServerTrusted(X509Certificate[] c, String a) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            } };
        }
        if (o.containsKey("cafile")) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = new FileInputStream(o.get("cafile"))) {
                int n = 0;
                for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + n++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            trust = tmf.getTrustManagers();
        }
        ctx.init(null, trust, null);
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(InetAddress.getByName(host), port), 3000);
            raw.setSoTimeout(5000);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, sni, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            if (o.containsKey("cafile")) {
                p.setEndpointIdentificationAlgorithm("HTTPS");   // check the name too, as browsers do
            }
            if (o.containsKey("protocols")) p.setProtocols(o.get("protocols").split(","));
            if (o.containsKey("ciphers")) p.setCipherSuites(o.get("ciphers").split(","));
            s.setSSLParameters(p);
            try {
                s.startHandshake();
            } catch (IOException e) {
                System.out.println("handshake failed: " + e);
                System.exit(1);
            }
            SSLSession ss = s.getSession();
            System.out.println(ss.getProtocol() + " " + ss.getCipherSuite());
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) >= 0) { }
            } catch (SSLException | SocketTimeoutException e) {
                // the answer was read; nginx may close without close_notify
            }
            s.close();
        }
    }

    static void usage() {
        System.err.println("usage: java TlsClient.java --connect IP:PORT [--sni NAME] [--protocols L] [--ciphers L] [--insecure | --cafile PEM]");
        System.exit(2);
    }
}
