package org.stackarena.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Reads JavaScript files of npm packages published as WebJars on Maven Central
 * ({@code org.webjars.npm:<name>}, a dependency of this module), so the HTML report can inline them
 * and open offline. The version comes from the WebJar's own {@code pom.properties}, so upgrading the
 * dependency in the POM is all an upgrade takes.
 */
final class WebJars {

    private WebJars() {
    }

    /** The version of the {@code org.webjars.npm:<name>} WebJar on the classpath. */
    static String version(String name) {
        Properties p = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the version of WebJar " + name + ": " + e, e);
        }
        return p.getProperty("version");
    }

    /** A text file of the WebJar, e.g. {@code text("three", "build/three.module.min.js")}. */
    static String text(String name, String path) {
        String at = "META-INF/resources/webjars/" + name + "/" + version(name) + "/" + path;
        try (InputStream in = resource(at)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + at + ": " + e, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = WebJars.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the classpath (the org.webjars.npm WebJar is a "
                + "dependency of stackarena-benchmarks; rebuild with Maven)");
        }
        return in;
    }
}
