package org.rucio.ivoa.tap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request parameters as DALI defines them: names are case-insensitive, values are case-sensitive, a
 * parameter may repeat. Built from whatever the HTTP layer decoded (query string and form body), plus the
 * files of a multipart request by part name, which {@code UPLOAD=name,param:part} refers to.
 */
public final class TapParams {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public TapParams add(String name, String value) {
        if (name != null) values.computeIfAbsent(name.toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    public static TapParams of(String... namesAndValues) {
        TapParams p = new TapParams();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) p.add(namesAndValues[i], namesAndValues[i + 1]);
        return p;
    }

    /** A file sent as the multipart part {@code part}. */
    public TapParams addFile(String part, byte[] content) {
        if (part != null && content != null) files.put(part, content);
        return this;
    }

    /** The file sent as part {@code part}: the exact name first, else one differing only in case; null if none. */
    public byte[] file(String part) {
        byte[] exact = files.get(part);
        if (exact != null) return exact;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getKey().equalsIgnoreCase(part)) return e.getValue();
        }
        return null;
    }

    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }

    /** The first value of a parameter, or null when it is absent. */
    public String first(String name) {
        List<String> l = values.get(name.toUpperCase(Locale.ROOT));
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    public List<String> all(String name) {
        List<String> l = values.get(name.toUpperCase(Locale.ROOT));
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }
}
