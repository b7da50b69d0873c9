package org.rucio.ivoa.adql;

import org.rucio.ivoa.adql.ast.Pos;

/**
 * The single error type of the ADQL engine. It is a value: a position (line and column, 1-based,
 * 0 when unknown), what was found, what was expected, a hint, and a kind telling the layer above
 * whether the query is wrong (all kinds here) — the TAP layer maps every one to QUERY_STATUS=ERROR.
 */
public final class AdqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which stage rejected the query. */
    public enum Kind { SYNTAX, NAME, TYPE, UNSUPPORTED }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String found;
    private final String expected;
    private final String hint;

    public AdqlException(Kind kind, Pos pos, String found, String expected, String hint) {
        super(render(pos, found, expected, hint));
        this.kind = kind;
        this.line = pos == null ? 0 : pos.line();
        this.column = pos == null ? 0 : pos.column();
        this.found = found;
        this.expected = expected;
        this.hint = hint;
    }

    /** An error whose message is a free sentence rather than found/expected. */
    public static AdqlException of(Kind kind, Pos pos, String message) {
        return new AdqlException(kind, pos, null, message, null);
    }

    public static AdqlException of(Kind kind, Pos pos, String message, String hint) {
        return new AdqlException(kind, pos, null, message, hint);
    }

    private static String render(Pos pos, String found, String expected, String hint) {
        StringBuilder sb = new StringBuilder();
        if (pos != null && pos.line() > 0) {
            sb.append("line ").append(pos.line()).append(", column ").append(pos.column()).append(": ");
        }
        if (found != null) {
            sb.append("found ").append(found);
            if (expected != null) sb.append(", expected ").append(expected);
        } else if (expected != null) {
            sb.append(expected);
        }
        if (hint != null) sb.append(" (").append(hint).append(')');
        return sb.toString();
    }

    public Kind kind() { return kind; }
    public int line() { return line; }
    public int column() { return column; }
    /** The offending token as written, quoted, or null. */
    public String found() { return found; }
    public String expected() { return expected; }
    public String hint() { return hint; }
}
