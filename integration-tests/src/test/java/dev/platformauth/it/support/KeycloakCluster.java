package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two Keycloak nodes in production mode on loopback, sharing one PostgreSQL database and clustered
 * by Keycloak's default cache stack (embedded Infinispan, JGroups with JDBC_PING discovery through
 * that database), as an operator runs them: the distribution gets the bundle jar and one
 * {@code kc.sh build}, each node a copy of it and {@code kc.sh start --optimized} with its own HTTP,
 * management and JGroups ports. Every node issues tokens for one frontend address (the load
 * balancer's, which nothing serves here: {@link KeycloakServer#route} sends it to the node asked).
 *
 * <p>Ready means started and in one cluster view with every running node, read from the
 * {@code ISPN000094}/{@code ISPN000093} view lines of each node's log.
 */
public final class KeycloakCluster implements AutoCloseable {

    static final List<String> NODE_NAMES = List.of("node-a", "node-b");
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(600);
    /** Small heaps: two nodes share the machine with other test runs. */
    private static final String NODE_HEAP = "-Xms128m -Xmx768m";
    /** JGroups' FD_SOCK2 listens at the cluster port plus this offset (Infinispan's TCP stack), modulo 65536. */
    private static final int FAILURE_DETECTION_OFFSET = 50_000;
    private static final Pattern VIEW = Pattern.compile(
            "ISPN00009[34]: Received new(?:, MERGED)? cluster view for channel \\S+: (?:MergeView::)?\\[[^]]*] \\(\\d+\\) \\[([^]]*)]");

    private final PostgresDatabase database;
    private final List<DistributionKeycloakServer> nodes = new ArrayList<>();
    private final Set<DistributionKeycloakServer> running = new LinkedHashSet<>();
    /** Drops the database when the JVM ends without {@link #close()}; the nodes have hooks of their own. */
    private final Thread dropOnShutdown = new Thread(this::dropDatabase, "keycloak-cluster-shutdown");

    private KeycloakCluster(PostgresDatabase database) {
        this.database = database;
    }

    /** Builds the distribution of {@code keycloak.dist.dir} with {@code bundle.jar}, creates the database and starts both nodes. */
    static KeycloakCluster startFromSystemProperties() {
        Path dist = DistributionKeycloakServer.realPath(Path.of(DistributionKeycloakServer.requiredProperty("keycloak.dist.dir")));
        Path bundle = Path.of(DistributionKeycloakServer.requiredProperty("bundle.jar"));
        KeycloakCluster cluster = new KeycloakCluster(PostgresDatabase.forCluster());
        try {
            cluster.start(dist, bundle);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void start(Path dist, Path bundle) {
        Path clusterDir = dist.getParent().resolve("cluster");
        List<Path> nodeDists = NODE_NAMES.stream().map(name -> clusterDir.resolve(name).resolve(dist.getFileName())).toList();
        nodeDists.stream().filter(Files::isDirectory).forEach(DistributionKeycloakServer::killStrayServers);
        deleteTree(clusterDir);
        copyTree(dist, nodeDists.get(0));
        DistributionKeycloakServer.installBundle(bundle, nodeDists.get(0));
        build(nodeDists.get(0));
        for (Path copy : nodeDists.subList(1, nodeDists.size())) {
            copyTree(nodeDists.get(0), copy);
        }
        Runtime.getRuntime().addShutdownHook(dropOnShutdown);
        database.create();
        URI frontend = URI.create("http://127.0.0.1:" + Ports.freeLoopbackPort());
        for (int i = 0; i < NODE_NAMES.size(); i++) {
            nodes.add(DistributionKeycloakServer.clusterNode(nodeDists.get(i), bundle, database,
                    new DistributionKeycloakServer.ClusterNode(NODE_NAMES.get(i), frontend, clusterPort(), NODE_HEAP)));
        }
        // one after the other: the first creates the schema, the second joins its cluster
        for (DistributionKeycloakServer node : nodes) {
            start(node);
        }
    }

    /** The first node. */
    public KeycloakServer nodeA() {
        return nodes.get(0);
    }

    /** The second node. */
    public KeycloakServer nodeB() {
        return nodes.get(1);
    }

    /** SIGKILLs {@code node} (no shutdown, as when its machine dies) and waits until the other nodes' view lost it. */
    public void kill(KeycloakServer node) {
        DistributionKeycloakServer killed = own(node);
        killed.kill();
        running.remove(killed);
        awaitOneView();
    }

    /** Starts a stopped or killed {@code node} again; returns once it serves and every running node sees it. */
    public void start(KeycloakServer node) {
        DistributionKeycloakServer started = own(node);
        started.start();
        running.add(started);
        awaitOneView();
    }

    /** The node's name in the cluster views ({@code node-a}, {@code node-b}). */
    public String name(KeycloakServer node) {
        return own(node).nodeName();
    }

    /** The members of the newest cluster view in the log of {@code node} since its latest start (empty before the first). */
    public List<String> view(KeycloakServer node) {
        List<String> members = List.of();
        for (String line : own(node).logSinceStart()) {
            Matcher view = VIEW.matcher(line);
            if (view.find()) {
                // members are listed as name(v=<Infinispan version>)
                members = Arrays.stream(view.group(1).split(",")).map(member -> member.strip().replaceFirst("\\(.*\\)$", ""))
                        .toList();
            }
        }
        return members;
    }

    /** The last lines of every node's log, each headed by the node's name. */
    List<String> logTails(int lines) {
        List<String> tails = new ArrayList<>();
        for (DistributionKeycloakServer node : nodes) {
            tails.add("----- " + node.nodeName() + " -----");
            tails.addAll(node.logTail(lines));
        }
        return tails;
    }

    @Override
    public void close() {
        try {
            for (DistributionKeycloakServer node : nodes) {
                try {
                    node.close();
                } catch (RuntimeException e) {
                    System.err.println("harness: stopping " + node.nodeName() + " failed: " + e);
                }
            }
        } finally {
            dropDatabase();
            try {
                Runtime.getRuntime().removeShutdownHook(dropOnShutdown);
            } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNeverAdded) {
                // nothing to do
            }
        }
    }

    private void dropDatabase() {
        try {
            database.drop();
        } catch (RuntimeException e) {
            System.err.println("harness: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private DistributionKeycloakServer own(KeycloakServer node) {
        for (DistributionKeycloakServer candidate : nodes) {
            if (candidate == node) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(node.baseUri() + " is not a node of this cluster");
    }

    /** Every running node's newest view holds exactly the running nodes. */
    private void awaitOneView() {
        Set<String> expected = new LinkedHashSet<>();
        running.forEach(node -> expected.add(node.nodeName()));
        for (DistributionKeycloakServer node : running) {
            Polling.await(() -> Set.copyOf(view(node)), expected::equals, VIEW_TIMEOUT,
                    "the cluster view " + expected + " on " + node.nodeName());
        }
    }

    /**
     * {@code kc.sh build} with the build options the nodes share: the database vendor and health checks.
     * The cache ({@code ispn}) and its stack ({@code jdbc-ping}) are runtime options whose production
     * defaults are what a cluster needs.
     */
    private void build(Path dist) {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "build", "--health-enabled=true"));
        command.addAll(database.buildArguments());
        Path log = dist.getParent().resolve("build.log");
        try {
            Process build = DistributionKeycloakServer.kcProcess(command, dist, log).start();
            if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                build.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build did not finish in " + BUILD_TIMEOUT.toSeconds() + " s; see " + log);
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException("kc.sh build failed (exit " + build.exitValue() + "):\n"
                        + String.join("\n", Files.readAllLines(log)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during kc.sh build", e);
        }
    }

    /** A free loopback port whose failure-detection port is free as well. */
    private static int clusterPort() {
        while (true) {
            int port = Ports.freeLoopbackPort();
            int failureDetection = (port + FAILURE_DETECTION_OFFSET) % 65_536;
            if (failureDetection >= 1024 && Ports.isFreeOnLoopback(failureDetection)) {
                return port;
            }
        }
    }

    /** Copies {@code from} to {@code to}, leaving out {@code data/} (each node keeps its own). */
    private static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path relative = from.relativize(dir);
                    if (relative.toString().equals("data")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(to.resolve(relative.toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
