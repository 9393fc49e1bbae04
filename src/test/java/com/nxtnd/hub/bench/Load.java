package com.nxtnd.hub.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small HTTP/1.1 load driver: closed loop (N clients back to back) or open loop (a fixed rate). The driver shares
 * the machine's cores with the hub it measures, so it spends as little as it can: each request is serialized once,
 * up front, and sent over a kept-alive socket per client; an answer is read only as far as its status and length.
 * (The JDK's HttpClient cost about as much CPU per request as the bare reference endpoint did, and so capped both.)
 */
final class Load {

    private Load() {
    }

    /** What a load run saw: latency of each answered request (ns), answers by class, wall time. */
    record Outcome(long[] latencies, int ok, int failed, long wallNanos) {
        double perSecond() {
            return ok / (wallNanos / 1e9);
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }
    }

    /** A request as the bytes that go on the wire, and where to. */
    record Request(InetSocketAddress target, byte[] wire) {
        static Request post(URI uri, Map<String, String> headers, byte[] body) {
            StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Host")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            byte[] top = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] wire = Arrays.copyOf(top, top.length + body.length);
            System.arraycopy(body, 0, wire, top.length, body.length);
            return new Request(new InetSocketAddress(uri.getHost(), uri.getPort()), wire);
        }
    }

    /** {@code clients} threads, each with its own connection, sending the next request as soon as the last was answered. */
    static Outcome closed(List<Request> requests, int clients) throws InterruptedException {
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                try (Connection connection = new Connection()) {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        int status = connection.exchange(requests.get(i));
                        latencies[i] = status < 0 ? -1 : System.nanoTime() - t;
                        (status == 200 ? ok : failed).incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return outcome(latencies, ok.get(), failed.get(), System.nanoTime() - started);
    }

    /**
     * One request every 1/rate s whatever the answers do, latency counted from the planned send time (so a slow answer
     * that holds up the next sends counts against them too). Up to {@code connections} requests are in flight.
     */
    static Outcome paced(List<Request> requests, double perSecond, int connections) throws InterruptedException {
        long[] latencies = new long[requests.size()];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Queue<Connection> idle = new ConcurrentLinkedQueue<>();
        List<Connection> opened = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        for (int i = 0; i < requests.size(); i++) {
            long planned = started + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            pool.execute(() -> {
                Connection connection = idle.poll();
                if (connection == null) {
                    connection = new Connection();
                    synchronized (opened) {
                        opened.add(connection);
                    }
                }
                int status = connection.exchange(requests.get(index));
                latencies[index] = status < 0 ? -1 : System.nanoTime() - planned;
                (status == 200 ? ok : failed).incrementAndGet();
                idle.add(connection);
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long wall = System.nanoTime() - started;
        opened.forEach(Connection::close);
        return outcome(latencies, ok.get(), failed.get(), wall);
    }

    private static Outcome outcome(long[] latencies, int ok, int failed, long wall) {
        long[] answered = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Outcome(answered, ok, failed, wall);
    }

    /** One kept-alive HTTP/1.1 connection; opened again after an error or a {@code Connection: close}. */
    static final class Connection implements Closeable {
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        /** Sends the request and reads the whole answer; its status, or -1 when there was none. */
        int exchange(Request request) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(request.target(), 5_000);
                    socket.setSoTimeout(60_000);
                    out = socket.getOutputStream();
                    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                }
                out.write(request.wire());
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                return -1;
            }
        }

        private int readResponse() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closeAfter = value.equalsIgnoreCase("close");
                }
            }
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size + 2);
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            if (closeAfter) {
                close();
            }
            return status;
        }

        private long chunkSize() throws IOException {
            String line = line();
            int extension = line.indexOf(';');
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed mid-answer");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed mid-answer");
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }
}
