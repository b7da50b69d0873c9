package org.rucio.ivoa.adql.ast;

/** A source position: 1-based line and column of the first character of a node. */
public record Pos(int line, int column) {
    public static final Pos NONE = new Pos(0, 0);

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
