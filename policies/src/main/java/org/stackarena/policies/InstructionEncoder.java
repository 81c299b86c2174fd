package org.stackarena.policies;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackarena.scenarios.Palette;
import org.stackarena.scenarios.Scenario;

/**
 * Word-level instruction features: a bag of word 1-, 2- and 3-grams over a fixed vocabulary, so
 * that "the red cube on the blue pad" and "the blue cube on the red pad" differ (the n-grams
 * "on the blue" / "the red cube" carry the roles) while paraphrases share most features.
 *
 * <p>The vocabulary is built from the scenarios' (lab) instruction templates with every palette
 * colour and shape filled in, and is saved with the checkpoint. Unknown n-grams are ignored; the
 * feature vector is the multi-hot vector divided by the number of known n-grams.
 */
public final class InstructionEncoder {

    /** Longest n-gram. */
    public static final int MAX_N = 3;
    /** Shapes the scenarios use. */
    public static final List<String> SHAPES = List.of("cube", "cylinder", "block");

    private static final Pattern SLOT = Pattern.compile("\\{[a-z_]+\\}");

    private final List<String> vocab;
    private final Map<String, Integer> index = new LinkedHashMap<>();

    /** An encoder over {@code vocab} (n-grams joined with single spaces). */
    public InstructionEncoder(List<String> vocab) {
        this.vocab = List.copyOf(vocab);
        for (String g : this.vocab) {
            if (index.putIfAbsent(g, index.size()) != null) {
                throw new IllegalArgumentException("duplicate vocabulary entry '" + g + "'");
            }
        }
    }

    /** The vocabulary built from the templates of {@code scenarios}. */
    public static InstructionEncoder fromScenarios(Collection<Scenario> scenarios) {
        List<String> templates = new ArrayList<>();
        for (Scenario s : scenarios) {
            templates.addAll(s.instructions());
        }
        return fromTemplates(templates);
    }

    /** The vocabulary of every n-gram of {@code templates} with the slots filled by colours and shapes. */
    public static InstructionEncoder fromTemplates(Collection<String> templates) {
        Set<String> grams = new LinkedHashSet<>();
        for (String t : templates) {
            for (String sentence : expand(t.toLowerCase(Locale.ROOT))) {
                grams.addAll(ngrams(sentence));
            }
        }
        return new InstructionEncoder(new ArrayList<>(grams));
    }

    private static List<String> expand(String template) {
        Matcher m = SLOT.matcher(template);
        if (!m.find()) {
            return List.of(template);
        }
        Collection<String> fill = m.group().contains("shape") ? SHAPES : Palette.names();
        List<String> out = new ArrayList<>();
        for (String f : fill) {
            out.addAll(expand(template.substring(0, m.start()) + f + template.substring(m.end())));
        }
        return out;
    }

    /** Lower-case words of {@code text} (letters only). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** All 1..{@link #MAX_N}-grams of {@code text}. */
    public static List<String> ngrams(String text) {
        List<String> w = words(text);
        List<String> out = new ArrayList<>();
        for (int n = 1; n <= MAX_N; n++) {
            for (int i = 0; i + n <= w.size(); i++) {
                out.add(String.join(" ", w.subList(i, i + n)));
            }
        }
        return out;
    }

    /** The vocabulary, in feature order. */
    public List<String> vocab() {
        return vocab;
    }

    /** Feature dimension. */
    public int size() {
        return vocab.size();
    }

    /** The normalised bag-of-n-grams of {@code instruction}. */
    public float[] encode(String instruction) {
        float[] out = new float[vocab.size()];
        int known = 0;
        for (String g : ngrams(instruction)) {
            Integer i = index.get(g);
            if (i != null) {
                out[i] += 1;
                known++;
            }
        }
        if (known > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= known;
            }
        }
        return out;
    }
}
