package org.rucio.ivoa.adql.translate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.rucio.ivoa.adql.meta.FunctionMeta;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.TableMeta;
import org.rucio.ivoa.adql.meta.UploadTable;

/**
 * An independent check of generated SQL, for the compiler and for tests and fuzzing: one statement,
 * no comments, no dollar quoting or {@code ::} casts, every bare word an allowed keyword or an
 * allow-listed function, functions called only by bare allow-listed names, and every relation after
 * FROM/JOIN either a sub-query, a WITH name defined in the same statement, or a table of the policy.
 */
public final class SqlSafety {
    private SqlSafety() { }

    /** Outcome; {@code reason} is null when safe. */
    public record Verdict(boolean safe, String reason) {
        static final Verdict OK = new Verdict(true, null);

        static Verdict no(String why) { return new Verdict(false, why); }
    }

    /** Tables that may be read (database names, {@code schema.table} or {@code table}) and extra allowed function words. */
    public record Policy(Set<String> relations, Set<String> extraWords) {
        public Policy {
            relations = Set.copyOf(relations);
            extraWords = Set.copyOf(extraWords);
        }

        public static Policy of(Metadata md, Map<String, UploadTable> uploads) {
            Set<String> rel = new HashSet<>();
            for (TableMeta t : md.tables()) rel.add(qualified(t.dbSchema(), t.dbName()));
            if (uploads != null) for (UploadTable u : uploads.values()) rel.add(qualified(u.dbSchema(), u.dbName()));
            Set<String> words = new HashSet<>();
            for (FunctionMeta f : md.functions()) words.addAll(wordsOf(f.sqlTemplate()));
            return new Policy(rel, words);
        }
    }

    private static String qualified(String schema, String name) {
        return schema == null ? name : schema + "." + name;
    }

    /** Keywords the translator writes. Nothing here can write, lock, or leave the statement. */
    public static final Set<String> KEYWORDS = Set.of(
            "select", "distinct", "as", "from", "where", "group", "by", "having", "order", "asc", "desc", "limit", "offset",
            "union", "except", "intersect", "all", "with", "join", "inner", "left", "right", "full", "outer", "cross", "on",
            "using", "true", "and", "or", "not", "in", "exists", "between", "like", "ilike", "escape", "is", "null", "case",
            "when", "then", "else", "end", "cast", "values", "smallint", "integer", "bigint", "real", "double", "precision",
            "char", "varchar", "timestamp", "numeric", "text", "boolean", "spoint");

    /** Functions the translator may call (PostgreSQL built-ins and pgSphere), all side-effect free. */
    public static final Set<String> FUNCTIONS = Set.of(
            "abs", "ceil", "degrees", "exp", "floor", "ln", "log", "mod", "pi", "power", "radians", "random", "round", "trunc",
            "sqrt", "acos", "asin", "atan", "atan2", "cos", "cot", "sin", "tan", "lower", "upper", "count", "avg", "min", "max",
            "sum", "coalesce", "nullif", "concat", "spoint", "scircle", "spoly", "area", "center", "long", "lat",
            // the service's own, created by its migrations (R__0_adql_functions.sql)
            "adql_centroid");

    private enum T { WORD, QUOTED, STRING, NUMBER, SYMBOL }

    private record Tok(T type, String text) {}

    /** Lower-case words of an SQL template (for UDF templates). */
    public static Set<String> wordsOf(String sql) {
        Set<String> out = new HashSet<>();
        if (sql == null) return out;
        try {
            for (Tok t : tokenize(sql.replaceAll("\\$\\d+", "0"))) if (t.type() == T.WORD) out.add(t.text());
        } catch (IllegalArgumentException e) {
            // an unreadable template adds no words; SQL using it will then fail the check
        }
        return out;
    }

    public static Verdict check(String sql, Policy policy) {
        List<Tok> toks;
        try {
            toks = tokenize(sql);
        } catch (IllegalArgumentException e) {
            return Verdict.no(e.getMessage());
        }
        if (toks.isEmpty() || !(toks.get(0).text().equals("select") || toks.get(0).text().equals("with") || toks.get(0).text().equals("("))) {
            return Verdict.no("the statement is not a SELECT");
        }
        Set<String> ctes = new HashSet<>();
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.type() == T.QUOTED && i > 0 && (toks.get(i - 1).text().equals("with") || toks.get(i - 1).text().equals(","))) {
                int j = i + 1;
                if (j < toks.size() && toks.get(j).text().equals("(")) {
                    while (j < toks.size() && !toks.get(j).text().equals(")")) j++;
                    j++;
                }
                if (j + 1 < toks.size() && toks.get(j).text().equals("as") && toks.get(j + 1).text().equals("(")) ctes.add(t.text());
            }
        }
        int depth = 0;
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            Tok next = i + 1 < toks.size() ? toks.get(i + 1) : null;
            Tok prev = i > 0 ? toks.get(i - 1) : null;
            if (t.text().equals("(")) depth++;
            if (t.text().equals(")") && --depth < 0) return Verdict.no("unbalanced parentheses");
            if (t.type() == T.WORD) {
                String w = t.text();
                boolean call = next != null && next.text().equals("(");
                if (prev != null && prev.text().equals(".")) return Verdict.no("qualified bare word " + w);
                if (!KEYWORDS.contains(w) && !FUNCTIONS.contains(w) && !policy.extraWords().contains(w)) {
                    return Verdict.no("word " + w + " is not allowed");
                }
                if (call && !KEYWORDS.contains(w) && !FUNCTIONS.contains(w) && !policy.extraWords().contains(w)) {
                    return Verdict.no("function " + w + " is not allowed");
                }
                if ((w.equals("from") || w.equals("join")) && next != null) {
                    if (next.text().equals("(")) continue;
                    if (next.type() != T.QUOTED) return Verdict.no("FROM/JOIN followed by " + next.text());
                    String rel = next.text();
                    if (i + 3 < toks.size() && toks.get(i + 2).text().equals(".") && toks.get(i + 3).type() == T.QUOTED) {
                        rel = rel + "." + toks.get(i + 3).text();
                        if (i + 5 < toks.size() && toks.get(i + 4).text().equals(".")) return Verdict.no("three-part relation name");
                        if (!policy.relations().contains(rel)) return Verdict.no("relation " + rel + " is not published");
                    } else if (!ctes.contains(rel) && !policy.relations().contains(rel)) {
                        return Verdict.no("relation " + rel + " is neither published nor a WITH query");
                    }
                    String low = rel.toLowerCase(Locale.ROOT);
                    // the session's own temporary tables (uploads, pg_temp.tap_upload_*) are the one pg_ schema allowed
                    boolean upload = low.startsWith("pg_temp.tap_upload_") && policy.relations().contains(rel);
                    if (!upload && (low.startsWith("pg_") || low.startsWith("information_schema"))) {
                        return Verdict.no("system catalog " + rel);
                    }
                }
            }
            boolean aliasColumns = prev != null && prev.text().equals("as");
            if (t.type() == T.QUOTED && next != null && next.text().equals("(") && !ctes.contains(t.text()) && !aliasColumns) {
                return Verdict.no("call of quoted name " + t.text());
            }
        }
        if (depth != 0) return Verdict.no("unbalanced parentheses");
        return Verdict.OK;
    }

    private static List<Tok> tokenize(String s) {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated quoted identifier");
                    if (s.charAt(i) == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(s.charAt(i++));
                }
                out.add(new Tok(T.QUOTED, sb.toString()));
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < s.length() && s.charAt(i + 1) == '\''
                    && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1))))) {
                boolean escapes = c != '\'';
                if (escapes) i++;
                i++;
                while (true) {
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated string literal");
                    char d = s.charAt(i);
                    if (escapes && d == '\\') {
                        i += 2;
                        continue;
                    }
                    if (d == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                out.add(new Tok(T.STRING, "'"));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int st = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
                    while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                }
                if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) throw new IllegalArgumentException("malformed number");
                out.add(new Tok(T.NUMBER, s.substring(st, i)));
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                int st = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                String w = s.substring(st, i);
                for (char x : w.toCharArray()) if (x > 127) throw new IllegalArgumentException("non-ASCII word");
                out.add(new Tok(T.WORD, w.toLowerCase(Locale.ROOT)));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("--") || two.equals("/*")) throw new IllegalArgumentException("comment in SQL");
                if (two.equals("::")) throw new IllegalArgumentException(":: cast in SQL");
                String three = i + 2 < s.length() ? s.substring(i, i + 3) : "";
                if (three.equals("<->")) {
                    out.add(new Tok(T.SYMBOL, three));
                    i += 3;
                } else if (List.of("<=", ">=", "<>", "||", "<@", "&&").contains(two)) {
                    out.add(new Tok(T.SYMBOL, two));
                    i += 2;
                } else if ("(),.*+-/=<>".indexOf(c) >= 0) {
                    out.add(new Tok(T.SYMBOL, String.valueOf(c)));
                    i++;
                } else {
                    throw new IllegalArgumentException("character '" + c + "' is not allowed in generated SQL");
                }
            }
        }
        return out;
    }
}
