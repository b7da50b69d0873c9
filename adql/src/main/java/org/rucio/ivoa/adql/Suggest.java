package org.rucio.ivoa.adql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...?" suggestions by case-insensitive edit distance. */
public final class Suggest {
    private Suggest() { }

    /** Case-insensitive Levenshtein distance. */
    public static int distance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Up to three candidates close to {@code word}, closest first; a name containing the word counts as close. */
    public static List<String> closest(String word, Collection<String> candidates) {
        int limit = Math.max(2, word.length() / 3);
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            if (distance(word, c) <= limit || (word.length() >= 3 && c.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)))) {
                if (!out.contains(c)) out.add(c);
            }
        }
        out.sort(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c));
        return out.size() > 3 ? out.subList(0, 3) : out;
    }

    /** "did you mean a, b?" or null. */
    public static String didYouMean(String word, Collection<String> candidates) {
        List<String> c = closest(word, candidates);
        return c.isEmpty() ? null : "did you mean " + String.join(", ", c) + "?";
    }
}
