package org.stackarena.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a headless Chromium driven over the DevTools protocol (JDK WebSocket, no extra
 * library) on the loopback interface: open a page, evaluate JavaScript, take a screenshot. WebGL
 * runs on SwiftShader (CPU).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** Starts Chromium on a blank page with a fresh profile in {@code profile}, window {@code w} x {@code h}. */
    HeadlessChromium(Path profile, int w, int h) throws Exception {
        String url = "about:blank";
        Files.createDirectories(profile);
        process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
            "--window-size=" + w + "," + h, url)
            .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new IllegalStateException("chromium did not open its DevTools port");
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String page = null;
        while (page == null) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    page = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (page == null) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("chromium opened no page");
                }
                Thread.sleep(100);
            }
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
            .buildAsync(URI.create(page), new Listener()).get(20, TimeUnit.SECONDS);
    }

    /** Opens {@code url}; the page's uncaught errors are collected in {@code window.__errors}. */
    void open(String url) throws Exception {
        send("Page.enable", null);
        send("Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source",
            "window.__errors = []; addEventListener('error', e => __errors.push(String(e.message)));"
                + " addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));"));
        send("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(20, TimeUnit.SECONDS);
        JsonNode r = f.get(90, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and returns its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
            .put("awaitPromise", true).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
        }
        return r.get("result").path("value");
    }

    /** Waits until {@code condition} is true in the page. */
    void await(String condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + seconds + " s: " + condition + "; console log: "
                    + eval("JSON.stringify(window.__errors || [])"));
            }
            Thread.sleep(200);
        }
    }

    /** A PNG screenshot of the page (the viewport), clipped to the element with {@code id} if given. */
    byte[] screenshot(String elementId) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("format", "png");
        if (elementId != null) {
            JsonNode r = eval("(() => { const b = document.getElementById('" + elementId + "')"
                + ".getBoundingClientRect(); return [b.left + scrollX, b.top + scrollY, b.width, b.height]; })()");
            p.putObject("clip").put("x", r.get(0).asDouble()).put("y", r.get(1).asDouble())
                .put("width", r.get(2).asDouble()).put("height", r.get(3).asDouble()).put("scale", 1);
            p.put("captureBeyondViewport", true);
        }
        return Base64.getDecoder().decode(send("Page.captureScreenshot", p).get("data").asText());
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // closing anyway
        }
        // Chromium's helpers (renderer, GPU, crashpad) outlive the browser process for a moment and keep
        // writing into the profile; stop them all and wait, so that the caller can delete the profile.
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.destroyForcibly();
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buf = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(buf.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (IOException e) {
                    // not for us
                }
                buf.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

}
