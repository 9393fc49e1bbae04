package com.nxtnd.hub.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One PostgreSQL (a process of its own), the sandboxes in a process of their own and any number of hub processes on
 * that database, each with its own copy of routes/ and mappings/ (as separate hosts would have). Hubs start from
 * target/woo-nxt-hub.jar (bench/run) or from the test's own class path (ScaleOutTest: no jar is built before the
 * tests run).
 */
final class HubCluster implements AutoCloseable {

    enum Launch { JAR, CLASS_PATH }

    private final Path root = Path.of("").toAbsolutePath();
    private final Launch launch;
    private final Path work;
    private final String hubHeap;
    private final EmbeddedPostgres db;
    private final JdbcTemplate jdbc;
    private Process sandbox;
    private final String sandboxUrl;
    private final List<Hub> hubs = new ArrayList<>();

    /** @param sandboxUrl the sandboxes' process, or null to start one */
    HubCluster(Launch launch, Path work, String hubHeap, String sandboxUrl) throws Exception {
        this.launch = launch;
        this.work = work;
        this.hubHeap = hubHeap;
        Files.createDirectories(work);
        this.db = EmbeddedPostgres.builder().start();
        this.jdbc = new JdbcTemplate(db.getPostgresDatabase());
        if (sandboxUrl == null) {
            int port = BenchMain.freePort();
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m"));
            cmd.addAll(launch == Launch.JAR
                    ? List.of("-cp", jar().toString(), "-Dloader.main=com.nxtnd.hub.sandbox.SandboxServer",
                            "org.springframework.boot.loader.launch.PropertiesLauncher")
                    : List.of("-XX:TieredStopAtLevel=1", "-cp", classPath(), "com.nxtnd.hub.sandbox.SandboxServer"));
            cmd.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1", "--logging.level.root=WARN",
                    "--server.tomcat.threads.max=400"));
            sandbox = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("sandbox.log").toFile()).start();
            this.sandboxUrl = "http://127.0.0.1:" + port;
        } else {
            this.sandboxUrl = sandboxUrl;
        }
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    Peers sandboxPeers() {
        return new Peers(sandboxUrl, sandboxUrl);
    }

    /** Waits until the sandboxes answer. */
    void awaitSandbox(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                sandboxPeers().calls("woo");
                return;
            } catch (RuntimeException e) {
                if ((sandbox != null && !sandbox.isAlive()) || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("sandbox did not start, see " + work.resolve("sandbox.log"));
                }
                Thread.sleep(300);
            }
        }
    }

    /** A new hub on the shared database with its own copies of routes/ and mappings/; not started yet. */
    Hub hub(String name) throws IOException {
        Hub hub = new Hub(name);
        hubs.add(hub);
        return hub;
    }

    List<Hub> hubs() {
        return hubs;
    }

    @Override
    public void close() throws Exception {
        for (Hub h : hubs) {
            h.stop();
        }
        stop(sandbox);
        db.close();
    }

    /** One hub process: its port, its copies of routes/ and mappings/, its log. */
    final class Hub {
        final String name;
        final int port = BenchMain.freePort();
        final Path routes;
        final Path mappings;
        final Path log;
        /** More --name=value settings, e.g. a shortened retention. */
        final List<String> extraArgs = new ArrayList<>();
        Process process;

        Hub(String name) throws IOException {
            this.name = name;
            this.routes = copy(root.resolve("routes"), work.resolve(name + "-routes"));
            this.mappings = copy(root.resolve("mappings"), work.resolve(name + "-mappings"));
            this.log = work.resolve(name + "-hub.log");
        }

        Peers peers() {
            return new Peers("http://127.0.0.1:" + port, sandboxUrl);
        }

        void start() throws IOException {
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + hubHeap));
            String extra = System.getenv().getOrDefault("BENCH_HUB_JVM_OPTS", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            cmd.addAll(launch == Launch.JAR ? List.of("-jar", jar().toString())
                    // the test: start-up time matters more than peak speed
                    : List.of("-XX:TieredStopAtLevel=1", "-cp", classPath(), "com.nxtnd.hub.HubApplication"));
            cmd.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                    "--hub.routes.directory=" + routes, "--hub.mappings.directory=" + mappings,
                    "--hub.webhooks.rate-limit-max=100000000", "--hub.sync.concurrency=4", "--hub.webhooks.heal=false",
                    "--logging.level.root=WARN", "--logging.level.com.nxtnd=INFO"));
            cmd.addAll(extraArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = pb.environment();
            env.putAll(Map.of("WOOCOMMERCE_SITE_URL", sandboxUrl + "/sandbox/woo",
                    "NXT_BASE_URL", sandboxUrl + "/sandbox/nxt/api", "WOOCOMMERCE_CONSUMER_KEY", "ck_sandbox",
                    "WOOCOMMERCE_CONSUMER_SECRET", "cs_sandbox", "WOOCOMMERCE_WEBHOOK_SECRET", "sandbox-secret",
                    "NXT_API_TOKEN", "sandbox-token", "HUB_ADMIN_PASSWORD", "admin", "HUB_SCHEDULES_ENABLED", "false",
                    "API_BASE_URL", "http://127.0.0.1:" + port));
            env.put("SPRING_DATASOURCE_URL", db.getJdbcUrl("postgres", "postgres"));
            env.put("SPRING_DATASOURCE_USERNAME", "postgres");
            env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
            process = pb.start();
        }

        void awaitUp(long timeoutMs) throws InterruptedException {
            long started = System.currentTimeMillis();
            Peers peers = peers();
            while (!peers.hubUp()) {
                if (!process.isAlive() || System.currentTimeMillis() - started > timeoutMs) {
                    throw new IllegalStateException("hub " + name + " did not start, see " + log);
                }
                Thread.sleep(300);
            }
        }

        /** kill -9: no shutdown hook, no graceful stop, its claims and its job left as they were. */
        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        void stop() throws InterruptedException {
            HubCluster.stop(process);
        }

        String logText() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    private Path jar() {
        Path jar = root.resolve("target/woo-nxt-hub.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package -DskipTests (bench/run does)");
        }
        return jar;
    }

    /** The test's class path without the test classes: the hub as packaged, plus nothing of the tests. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.endsWith("test-classes")
                        && !e.endsWith("test-classes" + File.separator))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy(); // SIGTERM: graceful
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
