package org.rucio.ivoa.adql.meta;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user-defined function declared as data: its TAPRegExt form and the SQL it becomes. In
 * {@code sqlTemplate}, {@code $1}, {@code $2}, ... stand for the translated arguments (each emitted
 * in parentheses), e.g. {@code healpix_nest($1, spoint(radians($2), radians($3)))}. The template is
 * written by the operator, never by a user, and its function names join the translator allow-list.
 */
public record FunctionMeta(String name, List<Param> params, String returnType, String sqlTemplate, String description) {
    public FunctionMeta {
        params = List.copyOf(params);
    }

    /** {@code type} is an ADQL type name: SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR, CHAR, TIMESTAMP, POINT, CIRCLE, POLYGON, REGION. */
    public record Param(String name, String type) {}

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*->\\s*([A-Za-z][A-Za-z ]*?)(\\(\\s*\\d*\\s*\\*?\\s*\\))?\\s*");

    /** Reads a TAPRegExt form such as {@code ivo_healpix_index(hpxOrder INTEGER, long REAL, lat REAL) -> BIGINT}. */
    public static FunctionMeta parseForm(String form, String sqlTemplate, String description) {
        Matcher m = FORM.matcher(form);
        if (!m.matches()) throw new IllegalArgumentException("not a UDF form 'name(arg TYPE, ...) -> TYPE': " + form);
        List<Param> params = new java.util.ArrayList<>();
        String args = m.group(2).strip();
        if (!args.isEmpty()) {
            for (String a : args.split(",")) {
                String[] parts = a.strip().split("\\s+", 2);
                if (parts.length != 2) throw new IllegalArgumentException("argument without a type in " + form);
                params.add(new Param(parts[0], parts[1].replaceAll("\\(.*\\)", "").strip().toUpperCase(Locale.ROOT)));
            }
        }
        return new FunctionMeta(m.group(1), params, m.group(3).strip().toUpperCase(Locale.ROOT), sqlTemplate, description);
    }

    /** The TAPRegExt form. */
    public String form() {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(params.get(i).name()).append(' ').append(params.get(i).type());
        }
        return sb.append(") -> ").append(returnType).toString();
    }
}
