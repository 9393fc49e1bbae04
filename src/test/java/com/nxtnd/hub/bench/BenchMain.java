package com.nxtnd.hub.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * bench/run's driver: starts the sandboxes and the hub in processes of their own (from target/woo-nxt-hub.jar),
 * runs the benchmarks, prints their tables and writes bench/results/NAME.json.
 * {@code java -cp ... com.nxtnd.hub.bench.BenchMain [all|NAME...] [--smoke]}
 */
public final class BenchMain {

    static final List<String> ALL = List.of("webhook-intake", "sync-throughput", "sync-latency", "scale", "fault-drill",
            "scale-out", "soak", "reconcile", "inbox-backlog");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path jar = root.resolve("target/woo-nxt-hub.jar");
    private final Path work = root.resolve("target/bench");
    private final boolean smoke;
    private Process sandbox;
    private int sandboxPort;

    private BenchMain(boolean smoke) {
        this.smoke = smoke;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                names.addAll(a.equals("all") ? ALL : List.of(a));
            }
        }
        if (names.isEmpty()) {
            names.addAll(ALL);
        }
        for (String n : names) {
            if (!ALL.contains(n)) {
                System.err.println("unknown benchmark '" + n + "'; use one of " + ALL + " or all");
                System.exit(2);
            }
        }
        BenchMain main = new BenchMain(smoke);
        int failed = 0;
        try {
            main.startSandbox();
            for (String name : names) {
                BenchReport report = main.run(name);
                System.out.print(report.table());
                Path file = report.write(smoke ? main.work.resolve("results") : main.root.resolve("bench/results"), smoke);
                System.out.println("  -> " + main.root.relativize(file));
                failed += report.passed() ? 0 : 1;
            }
        } finally {
            main.stop(main.sandbox);
        }
        System.out.println(failed == 0 ? "\nall targets met" : "\n" + failed + " benchmark(s) missed a target (see above)");
        System.exit(0); // a missed target is a finding, not a failed run
    }

    private BenchReport run(String name) throws Exception {
        System.out.println("\n-- running " + name + (smoke ? " (smoke)" : "") + " ...");
        return switch (name) {
            case "webhook-intake" -> withHub(name, "512m", null,
                    peers -> WebhookBench.run(peers, smoke ? WebhookBench.Params.smoke() : WebhookBench.Params.full()));
            case "sync-throughput" -> withHub(name, "512m", null, peers -> SyncBench.run(peers, new SyncBench.Params(
                    name, "Full sync throughput, sandbox latency 0", smoke ? 300 : 10_000, smoke ? 300 : 10_000, 0, 0, 4, true, !smoke)));
            case "sync-latency" -> withHub(name, "512m", null, peers -> SyncBench.run(peers, new SyncBench.Params(
                    name, "Latency-bound sync: WooCommerce 300 ms per read, 5 s per batch", smoke ? 300 : 10_000,
                    smoke ? 300 : 10_000, smoke ? 30 : 300, smoke ? 500 : 5_000, 4, false, false)));
            case "scale" -> withHub(name, "256m", null, peers -> SyncBench.run(peers, new SyncBench.Params(
                    name, "Scale: 100,000 products through a hub with -Xmx256m", smoke ? 2_000 : 100_000, 0, 0, 0, 4, true, false)));
            case "reconcile" -> withHub(name, "512m", null,
                    peers -> ReconcileBench.run(peers, smoke ? ReconcileBench.Params.smoke() : ReconcileBench.Params.full()));
            // the driver stops and starts route webhook-inbox (actuator camelroutes, writable for this hub only)
            case "inbox-backlog" -> withHub(name, "512m", null, List.of("--management.endpoint.camelroutes.read-only=false"),
                    peers -> InboxBacklogBench.run(peers, smoke ? InboxBacklogBench.Params.smoke()
                            : InboxBacklogBench.Params.full()));
            case "scale-out" -> scaleOut();
            case "soak" -> soak();
            default -> faultDrill();
        };
    }

    // ------------------------------------------------------------------ processes

    interface Body {
        BenchReport run(Peers peers) throws Exception;
    }

    private BenchReport withHub(String name, String heap, String datasourceUrl, Body body) throws Exception {
        return withHub(name, heap, datasourceUrl, List.of(), body);
    }

    private BenchReport withHub(String name, String heap, String datasourceUrl, List<String> extraArgs, Body body)
            throws Exception {
        Hub hub = new Hub(name, heap, datasourceUrl);
        hub.extraArgs = extraArgs;
        try {
            hub.start();
            BenchReport report = body.run(hub.peers());
            report.params().put("hubHeap", "-Xmx" + heap);
            return report;
        } finally {
            hub.stop();
        }
    }

    /** Two hub processes on one PostgreSQL (ScaleOut), from the jar, beside this run's sandboxes. */
    private BenchReport scaleOut() throws Exception {
        try (HubCluster cluster = new HubCluster(HubCluster.Launch.JAR, work.resolve("scale-out-" + System.currentTimeMillis()),
                "512m", "http://127.0.0.1:" + sandboxPort)) {
            BenchReport r = ScaleOut.run(cluster, smoke ? ScaleOut.Params.smoke() : ScaleOut.Params.full());
            r.params().put("hubHeap", "-Xmx512m").put("database", "PostgreSQL in its own process, shared by both hubs");
            return r;
        }
    }

    /** One hub from the jar, retention shortened to a minute, a long steady run of deliveries (Soak). */
    private BenchReport soak() throws Exception {
        try (HubCluster cluster = new HubCluster(HubCluster.Launch.JAR, work.resolve("soak-" + System.currentTimeMillis()),
                "512m", "http://127.0.0.1:" + sandboxPort)) {
            BenchReport r = Soak.run(cluster, smoke ? Soak.Params.smoke() : Soak.Params.full());
            r.params().put("hubHeap", "-Xmx512m");
            return r;
        }
    }

    private BenchReport faultDrill() throws Exception {
        FaultDrill.Params p = smoke ? FaultDrill.Params.smoke() : FaultDrill.Params.full();
        // PostgreSQL in a process of its own, as in production: it survives the hub's kill -9
        EmbeddedPostgres[] db = {EmbeddedPostgres.builder().start()};
        Hub[] hub = {new Hub("fault-drill-ref", "512m", db[0].getJdbcUrl("postgres", "postgres"))};
        hub[0].start();
        try {
            BenchReport r = FaultDrill.run(new FaultDrill.HubControl() {
                @Override
                public Peers peers() {
                    return hub[0].peers();
                }

                @Override
                public void fresh() throws Exception {
                    hub[0].stop();
                    db[0].close();
                    db[0] = EmbeddedPostgres.builder().start();
                    hub[0] = new Hub("fault-drill", "512m", db[0].getJdbcUrl("postgres", "postgres"));
                    hub[0].start();
                }

                @Override
                public boolean killAndRestart() throws Exception {
                    hub[0].kill();
                    hub[0].start();
                    return true;
                }
            }, p, true);
            r.params().put("hubHeap", "-Xmx512m").put("database", "PostgreSQL in its own process (survives the kill)");
            return r;
        } finally {
            hub[0].stop();
            db[0].close();
        }
    }

    private void startSandbox() throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package -DskipTests (bench/run does)");
        }
        Files.createDirectories(work);
        sandboxPort = freePort();
        List<String> cmd = List.of(java(), smoke ? "-Xmx512m" : "-Xmx3g", "-cp", jar.toString(),
                "-Dloader.main=com.nxtnd.hub.sandbox.SandboxServer", "org.springframework.boot.loader.launch.PropertiesLauncher",
                "--server.port=" + sandboxPort, "--server.address=127.0.0.1", "--logging.level.root=WARN",
                "--server.tomcat.threads.max=400");
        sandbox = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("sandbox.log").toFile()).start();
        Peers probe = new Peers("http://127.0.0.1:" + sandboxPort, "http://127.0.0.1:" + sandboxPort);
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            try {
                probe.calls("woo");
                break;
            } catch (RuntimeException e) {
                if (!sandbox.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("sandbox did not start, see target/bench/sandbox.log");
                }
                Thread.sleep(500);
            }
        }
        System.out.println("sandboxes (standalone process, pid " + sandbox.pid() + ") on port " + sandboxPort);
    }

    /** One hub process on its own port and data directory (or on the given database). */
    private final class Hub {
        final String name;
        final String heap;
        final String datasourceUrl;
        List<String> extraArgs = List.of();
        final int port = freePort();
        final Path dataDir;
        Process process;

        Hub(String name, String heap, String datasourceUrl) throws IOException {
            this.name = name;
            this.heap = heap;
            this.datasourceUrl = datasourceUrl;
            this.dataDir = work.resolve("data-" + name + "-" + System.currentTimeMillis());
        }

        Peers peers() {
            return new Peers("http://127.0.0.1:" + port, "http://127.0.0.1:" + sandboxPort);
        }

        void start() throws Exception {
            String sandboxUrl = "http://127.0.0.1:" + sandboxPort;
            List<String> cmd = new java.util.ArrayList<>(List.of(java(), "-Xmx" + heap));
            // e.g. BENCH_HUB_JVM_OPTS="-XX:StartFlightRecording=filename=target/bench/hub.jfr" to profile the hub
            String extra = System.getenv().getOrDefault("BENCH_HUB_JVM_OPTS", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                    "--server.address=127.0.0.1", "--hub.bench.enabled=true",
                    "--hub.webhooks.rate-limit-max=100000000", "--hub.sync.concurrency=4",
                    // webhook-health would otherwise find the sandbox's webhooks missing and backfill a full pull mid-run
                    "--hub.webhooks.heal=false",
                    "--logging.level.root=WARN", "--logging.level.com.nxtnd=INFO"));
            cmd.addAll(extraArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + "-hub.log").toFile()));
            Map<String, String> env = pb.environment();
            env.putAll(Map.of("WOOCOMMERCE_SITE_URL", sandboxUrl + "/sandbox/woo",
                    "NXT_BASE_URL", sandboxUrl + "/sandbox/nxt/api", "WOOCOMMERCE_CONSUMER_KEY", "ck_sandbox",
                    "WOOCOMMERCE_CONSUMER_SECRET", "cs_sandbox", "WOOCOMMERCE_WEBHOOK_SECRET", "sandbox-secret",
                    "NXT_API_TOKEN", "sandbox-token", "HUB_ADMIN_PASSWORD", "admin", "HUB_SCHEDULES_ENABLED", "false",
                    "API_BASE_URL", "http://127.0.0.1:" + port, "HUB_EMBEDDED_DB_DIR", dataDir.toString()));
            if (datasourceUrl != null) {
                env.put("SPRING_DATASOURCE_URL", datasourceUrl);
                env.put("SPRING_DATASOURCE_USERNAME", "postgres");
                env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
            }
            long t = System.currentTimeMillis();
            process = pb.start();
            Peers peers = peers();
            while (!peers.hubUp()) {
                if (!process.isAlive() || System.currentTimeMillis() - t > 300_000) {
                    throw new IllegalStateException("hub did not start, see target/bench/" + name + "-hub.log");
                }
                Thread.sleep(300);
            }
            System.out.printf("hub %s (pid %d, -Xmx%s) up on port %d in %.1f s%n", name, process.pid(), heap, port,
                    (System.currentTimeMillis() - t) / 1000.0);
        }

        /** kill -9: no shutdown hook, no graceful stop. */
        void kill() throws InterruptedException {
            System.out.println("kill -9 " + process.pid());
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            BenchMain.this.stop(process);
        }
    }

    private void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy(); // SIGTERM: graceful, the embedded PostgreSQL is stopped too
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }


}
