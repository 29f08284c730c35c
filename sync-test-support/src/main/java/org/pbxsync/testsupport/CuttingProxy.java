package org.pbxsync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that forwards to a server and resets every connection (RST, via
 * SO_LINGER 0) once the server has sent {@code cutAfter} bytes in total across connections.
 * {@link #serverBytes()} tells how many bytes a clean run takes, so cut points can be drawn from
 * the whole exchange. By default every connection made after the cut point is cut too; {@link
 * #cutOnce} makes a proxy that passes everything through after the first cut, so a retry can
 * succeed. Test code only.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final AtomicLong serverBytes = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long cutAfter;
    private volatile boolean cut;
    private final boolean passThroughAfterCut;

    /**
     * @param upstreamPort the server's port on 127.0.0.1
     * @param cutAfter server bytes after which connections are reset; {@code Long.MAX_VALUE} never cuts
     * @throws IOException if the listener cannot bind
     */
    public CuttingProxy(int upstreamPort, long cutAfter) throws IOException {
        this(upstreamPort, cutAfter, false);
    }

    /**
     * @param upstreamPort the server's port on 127.0.0.1
     * @param cutAfter server bytes after which the connection is reset, once
     * @return a proxy that passes everything through after its one cut
     * @throws IOException if the listener cannot bind
     */
    public static CuttingProxy cutOnce(int upstreamPort, long cutAfter) throws IOException {
        return new CuttingProxy(upstreamPort, cutAfter, true);
    }

    private CuttingProxy(int upstreamPort, long cutAfter, boolean passThroughAfterCut) throws IOException {
        this.upstreamPort = upstreamPort;
        this.cutAfter = cutAfter;
        this.passThroughAfterCut = passThroughAfterCut;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** @return the proxy's port on 127.0.0.1 */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return the bytes the server has sent through the proxy so far */
    public long serverBytes() {
        return serverBytes.get();
    }

    /** @return whether a connection has been cut */
    public boolean hasCut() {
        return cut;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (fromServer) {
                        long before = serverBytes.getAndAdd(n);
                        if (before + n > cutAfter) {
                            int allowed = (int) Math.max(0, cutAfter - before);
                            out.write(buf, 0, allowed);
                            out.flush();
                            reset(from, to);
                            return;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                quietClose(from);
                quietClose(to);
            }
        }, "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void reset(Socket a, Socket b) {
        cut = true;
        if (passThroughAfterCut) {
            cutAfter = Long.MAX_VALUE;
        }
        for (Socket s : new Socket[] {a, b}) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            quietClose(s);
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CuttingProxy::quietClose);
    }
}
