package io.tlsinspect.cli;

import io.tlsinspect.cli.command.AnalyzeCommand;
import io.tlsinspect.cli.command.CaptureCommand;
import io.tlsinspect.cli.command.InterfacesCommand;
import io.tlsinspect.cli.options.UsageException;
import io.tlsinspect.cli.output.StdoutStream;
import io.tlsinspect.cli.run.ProcessGuard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * {@code tlsinspect COMMAND ...}. Exit codes (DESIGN §7): 0 ok, 1 input or runtime error, 2 usage.
 * Every error is one line on stderr; stack traces only with {@code TLSINSPECT_DEBUG=1}.
 */
public final class Main {
    public static final String VERSION = Main.class.getPackage().getImplementationVersion() != null
            ? Main.class.getPackage().getImplementationVersion() : "0.1.0";

    private Main() {
    }

    public static void main(String[] args) {
        StdoutStream out = StdoutStream.open();
        PrintStream err = System.err;
        ProcessGuard guard = ProcessGuard.forProcess(err);
        int code = run(args, out, err, guard);
        out.flush();
        if (out.checkError() && code == 0) { // --help, --version, interfaces: stdout is checked too
            IOException why = out.lastError();
            err.println("tlsinspect: cannot write to standard output: " + (why != null ? why.getMessage() : "write error"));
            code = 1;
        }
        System.exit(code);
    }

    /** A run inside another program (tests): same output and exit code, no process-wide handlers. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, ProcessGuard.inProcess(err));
    }

    static int run(String[] args, PrintStream out, PrintStream err, ProcessGuard guard) {
        try {
            // Once a signal or a fatal error is ending the process, it has said the one line; an error
            // the command meets on the way out (its report refused) is not news.
            return dispatch(args, out, guard.quietWhenEnding(err), guard);
        } finally {
            guard.commandDone();
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err, ProcessGuard guard) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("-V") || args[0].equals("--version")) {
            out.println("tlsinspect " + VERSION);
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "analyze" -> new AnalyzeCommand(out, err, guard).run(rest);
                case "capture" -> new CaptureCommand(out, err, guard.output()).run(rest);
                case "interfaces" -> new InterfacesCommand(out, err).run(rest);
                default -> throw new UsageException("unknown command '" + args[0]
                        + "' (commands: analyze, capture, interfaces; try --help)");
            };
        } catch (UsageException e) {
            err.println("tlsinspect: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("tlsinspect: " + e.getFile() + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("tlsinspect: " + oneLine(e));
            debug(e, err);
            return 1;
        } catch (OutOfMemoryError e) {
            return guard.outOfMemory();
        } catch (RuntimeException e) {
            err.println("tlsinspect: internal error: " + oneLine(e) + " (set TLSINSPECT_DEBUG=1 for details)");
            debug(e, err);
            return 1;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    private static void debug(Throwable e, PrintStream err) {
        if ("1".equals(System.getenv("TLSINSPECT_DEBUG"))) {
            e.printStackTrace(err);
        }
    }

    static void usage(PrintStream out) {
        out.println("""
                usage: tlsinspect COMMAND [OPTIONS]

                Watches TLS handshakes on the wire and tells which clients fail, how, and why.

                commands:
                  analyze FILE...     read pcap/pcapng files ('-' for stdin) and report every handshake
                  capture -i IFACE    capture live (libpcap) and report periodically and at the end
                  interfaces          list capture devices

                'tlsinspect COMMAND --help' shows a command's options. Exit codes: 0 ok, 1 error, 2 usage.""");
    }
}
