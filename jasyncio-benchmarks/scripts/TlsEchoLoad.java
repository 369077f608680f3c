import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Closed-loop echo load over TLS or plain TCP, loopback only (a load client for tls-echo-cpu.sh; the peer harness's
 * echoload speaks no TLS): CONC connections, each sends SIZE bytes and waits for all of them back, for DUR seconds.
 * Prints {@code rps=N}. Trusts any certificate: it measures servers, it does not check them.
 *
 * <p>Usage: {@code java TlsEchoLoad.java PORT CONC SIZE DUR tls|plain}
 */
public class TlsEchoLoad {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conc = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        double dur = Double.parseDouble(args[3]);
        boolean tls = args[4].equals("tls");
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}
            public void checkServerTrusted(X509Certificate[] c, String a) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + (long) (dur * 1e9);
        Thread[] threads = new Thread[conc];
        for (int i = 0; i < conc; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.setTcpNoDelay(true);
            if (tls) {
                s = ctx.getSocketFactory().createSocket(s, "127.0.0.1", port, true);
                ((SSLSocket) s).startHandshake();
            }
            Socket sock = s;
            threads[i] = Thread.ofPlatform().start(() -> {
                byte[] out = new byte[size];
                byte[] in = new byte[size];
                try (sock) {
                    OutputStream o = sock.getOutputStream();
                    InputStream r = sock.getInputStream();
                    while (System.nanoTime() < end) {
                        o.write(out);
                        o.flush();
                        int n = 0;
                        while (n < size) {
                            int k = r.read(in, n, size - n);
                            if (k < 0) {
                                throw new IllegalStateException("server closed");
                            }
                            n += k;
                        }
                        done.increment();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("rps=%.0f%n", done.sum() / dur);
    }
}
