package org.rucio.ivoa.server.http;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which web origins may read the service's answers from a browser page (CORS): any ({@code *}, the default:
 * the data are public and no request carries credentials) or the listed ones, echoed back one at a time.
 */
public record Cors(boolean any, List<String> origins) {

    public static final Cors ANY = new Cors(true, List.of());

    public Cors {
        origins = List.copyOf(origins);
    }

    /** {@code *}, or a comma-separated list of origins such as {@code https://aladin.example.org}. */
    public static Cors parse(String value) {
        if (value == null || value.isBlank() || value.strip().equals("*")) return ANY;
        List<String> list = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("/+$", "").toLowerCase(Locale.ROOT)).toList();
        for (String o : list) {
            if (!o.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("--cors-origins: '" + o + "' is not an origin such as"
                        + " https://aladin.example.org (scheme and host, no path)");
            }
        }
        return new Cors(false, list);
    }

    /** The Access-Control-Allow-Origin value for a request from {@code origin}, or null for none. */
    String allow(String origin) {
        if (any) return "*";
        if (origin == null) return null;
        String o = origin.toLowerCase(Locale.ROOT);
        return origins.contains(o) ? origin : null;
    }
}
