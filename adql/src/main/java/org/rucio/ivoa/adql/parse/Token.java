package org.rucio.ivoa.adql.parse;

import org.rucio.ivoa.adql.ast.Pos;

/** A lexical token. {@code text} is the identifier/literal content (unescaped) or the symbol. */
record Token(Type type, String text, Pos pos, String raw) {
    enum Type { IDENT, DELIMITED, STRING, NUMBER, SYMBOL, EOF }

    boolean isSymbol(String s) {
        return type == Type.SYMBOL && text.equals(s);
    }

    /** True for a regular identifier spelled like the keyword (any case). */
    boolean isWord(String keyword) {
        return type == Type.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** How the token is shown in an error message. */
    String show() {
        return type == Type.EOF ? "end of query" : "'" + raw + "'";
    }
}
