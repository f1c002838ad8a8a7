// A single-node OpenSearch 2.x for the kuzzle-dump test stack, run straight from Maven Central jars.
//
// Usage: java -cp "launcher.jar:lib/*" EmbeddedOpenSearch <home> <httpPort> <transportPort> <pidFile>
//        (-Dkd.exitAfterStart=true: start, index one document, exit; for the CDS training run)
//
// It builds a Node directly instead of going through org.opensearch.bootstrap.OpenSearch, which
// would refuse root, install a SecurityManager, run JarHell and want module descriptors the jars
// lack. Plugins that the distribution ships as modules are loaded from the classpath instead.
// Never for production: no bootstrap checks, no security.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

public final class EmbeddedOpenSearch {

    // The modules a real distribution would load, found by class name: a missing one fails loudly.
    private static final String[] PLUGINS = {
        "org.opensearch.transport.Netty4Plugin",               // HTTP + transport
        "org.opensearch.index.reindex.ReindexPlugin",          // _update_by_query, _delete_by_query
        "org.opensearch.painless.PainlessPlugin",              // Kuzzle's scripts
        "org.opensearch.index.mapper.MapperExtrasPlugin",      // scaled_float, token_count, ...
        "org.opensearch.analysis.common.CommonAnalysisPlugin", // asciifolding, lowercase, ...
        "org.opensearch.geo.GeoModulePlugin",                 // geo_shape
        "org.opensearch.join.ParentJoinPlugin",
        "org.opensearch.percolator.PercolatorPlugin",
    };

    private static final String LOG4J2 = String.join("\n",
        "status = error",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%c{1.}] %m%n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.console.ref = console",
        "");

    /** Node's constructor that takes classpath plugins is protected. */
    private static final class StackNode extends Node {
        StackNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: EmbeddedOpenSearch <home> <httpPort> <transportPort> <pidFile>");
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        String httpPort = args[1];
        String transportPort = args[2];
        Path pidFile = Paths.get(args[3]).toAbsolutePath();

        // modules/ and plugins/ stay empty, but Node scans them and fails if they are absent.
        for (String d : new String[] {"config", "data", "logs", "modules", "plugins", "snapshots"}) {
            Files.createDirectories(home.resolve(d));
        }
        // Plain console logging (the launcher's stdout goes to .stack/logs/opensearch.log).
        Files.write(home.resolve("config/log4j2.properties"), LOG4J2.getBytes(StandardCharsets.UTF_8));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .putList("path.repo", home.resolve("snapshots").toString())
            .put("cluster.name", "kuzzle-dump-test")
            .put("node.name", "node-1")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            // single values, not ranges: a busy port fails at once instead of moving silently
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // Kuzzle refuses an engine reporting < 7.0.0; this makes GET / say 7.10.2
            .put("compatibility.override_main_response_version", true)
            // a nearly full disk must not turn the test indices read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("indices.breaker.total.use_real_memory", false)
            .build();

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.resolve("config"), () -> "node-1");
        LogConfigurator.registerErrorListener();
        LogConfigurator.configure(env);

        List<Class<? extends Plugin>> plugins = new ArrayList<>();
        for (String name : PLUGINS) {
            plugins.add(Class.forName(name).asSubclass(Plugin.class));
        }

        Node node = new StackNode(env, plugins);
        Files.write(pidFile, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "kd-shutdown"));

        node.start();
        System.out.println("EmbeddedOpenSearch: node started, http 127.0.0.1:" + httpPort);

        // Class-data-sharing training run (stack/start, once per cache): touch the code paths of
        // a restart (index creation, indexing, shard recovery), then exit so that the JVM writes
        // the archive given by -XX:ArchiveClassesAtExit. Later boots load classes from it.
        if (Boolean.getBoolean("kd.exitAfterStart")) {
            node.client().admin().indices().prepareCreate("kd-training").get();
            node.client().prepareIndex("kd-training").setId("1").setSource("{\"a\":1}", XContentType.JSON)
                .setRefreshPolicy("true").get();
            node.client().prepareSearch("kd-training").get();
            System.exit(0); // runs the shutdown hook, which closes the node
        }
        // Node threads are daemons: keep main alive until the shutdown hook has closed the node.
        stopped.await();
    }
}
