package org.stackarena.policies;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configures DJL before its first use: offline (nothing is ever downloaded: libtorch comes from
 * the {@code pytorch-native-cpu} jar), one intra-op and one inter-op thread (the latency finding in
 * docs/TOOLCHAIN: the default pool gives 10x worse p99), and a cache directory under the build
 * tree instead of {@code ~/.djl.ai}. Properties the user already set are kept.
 */
public final class Djl {

    /** System property / environment variable DJL reads for its cache directory. */
    public static final String CACHE_DIR = "DJL_CACHE_DIR";

    private static volatile boolean done;

    private Djl() {}

    /** Applies the settings once; call before touching {@code ai.djl.engine.Engine}. */
    public static synchronized void init() {
        if (done) {
            return;
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        if (System.getProperty(CACHE_DIR) == null && System.getenv(CACHE_DIR) == null) {
            System.setProperty(CACHE_DIR, defaultCacheDir().toString());
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", System.getProperty(CACHE_DIR,
                System.getenv(CACHE_DIR) == null ? defaultCacheDir().toString() : System.getenv(CACHE_DIR)));
        }
        done = true;
    }

    private static final ThreadLocal<Boolean> THREAD_READY = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * Applies the intra-op thread count ({@code ai.djl.pytorch.num_threads}, 1 by default) and
     * inference (no-grad) mode to the calling thread, once per thread. libtorch keeps both per thread,
     * and DJL applies them only on the thread that first touches the engine, so an episode worker
     * thread otherwise runs TorchScript with autograd recording and libtorch's default intra-op pool.
     * Cheap after the first call (a thread-local read); call it before every inference. The system
     * property {@code stackarena.djl.init_thread=false} turns it off, to measure the difference
     * ({@code STACKARENA_JAVA_OPTS=-Dstackarena.djl.init_thread=false ./stackarena bench ...}).
     */
    public static void initThread() {
        if (THREAD_READY.get()) {
            return;
        }
        THREAD_READY.set(Boolean.TRUE);
        if (Boolean.parseBoolean(System.getProperty("stackarena.djl.init_thread", "true"))) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.getInteger("ai.djl.pytorch.num_threads", 1));
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }

    /** True when DJL is configured never to download (the {@code ai.djl.offline} flag). */
    public static boolean offline() {
        return Boolean.parseBoolean(System.getProperty("ai.djl.offline"));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * {@code <repo>/target/djl-cache}: the nearest {@code target} folder above this class's jar or
     * classes folder, else its repository root's; {@code ~/.stackarena/djl-cache} as a last resort.
     */
    static Path defaultCacheDir() {
        try {
            Path p = Path.of(Djl.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (Path q = p; q != null; q = q.getParent()) {
                if (Files.isRegularFile(q.resolve("pom.xml")) && Files.isDirectory(q.resolve("policies"))) {
                    return q.resolve("target").resolve("djl-cache");
                }
            }
            for (Path q = p; q != null; q = q.getParent()) {
                if (q.getFileName() != null && q.getFileName().toString().equals("target")) {
                    return q.resolve("djl-cache");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of(System.getProperty("user.home"), ".stackarena", "djl-cache");
    }
}
