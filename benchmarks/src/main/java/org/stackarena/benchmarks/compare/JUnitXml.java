package org.stackarena.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link Comparison} as JUnit XML (the Surefire/Ant dialect CI systems read): one
 * {@code testsuite}, one {@code testcase} per cell with classname {@code stackarena.<stack>} and
 * name {@code scenario/condition}; a regression is a {@code failure} whose message says which test
 * and which seeds.
 */
public final class JUnitXml {

    private JUnitXml() {}

    /** Writes {@code file} (parent directories are created). */
    public static void write(Comparison cmp, String baseDir, String newDir, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = cmp.cases().stream().filter(cmp::regressed).count();
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"stackarena.compare\" tests=\"%d\" failures=\"%d\" "
            + "errors=\"0\" skipped=\"0\">%n", cmp.cases().size(), failures));
        sb.append("  <properties>\n");
        sb.append("    <property name=\"base\" value=\"").append(esc(baseDir)).append("\"/>\n");
        sb.append("    <property name=\"new\" value=\"").append(esc(newDir)).append("\"/>\n");
        sb.append("    <property name=\"alpha\" value=\"").append(cmp.alpha()).append("\"/>\n");
        // the paired test's power at this alpha: a cell of n paired seeds can flag a drop of min_lost_pairs / n
        sb.append("    <property name=\"min_lost_pairs\" value=\"").append(cmp.minLostPairs()).append("\"/>\n");
        sb.append("  </properties>\n");
        for (Comparison.Case c : cmp.cases()) {
            String name = c.condition().isEmpty() ? c.scenario() : c.scenario() + "/" + c.condition();
            sb.append("  <testcase classname=\"stackarena.").append(esc(c.stack())).append("\" name=\"")
                .append(esc(name)).append("\" time=\"0\">\n");
            if (cmp.regressed(c)) {
                String msg = CompareText.why(cmp, c);
                sb.append("    <failure message=\"").append(esc(msg)).append("\" type=\"regression\">")
                    .append(esc(msg)).append("</failure>\n");
            }
            sb.append("    <system-out>").append(esc(CompareText.detail(cmp, c))).append("</system-out>\n");
            sb.append("  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
