package org.rucio.ivoa.adql.ast;

/**
 * An identifier as written. Regular identifiers match case-insensitively; delimited ones
 * ({@code "Name"}) match exactly.
 */
public record Ident(Pos pos, String name, boolean delimited) {
    public boolean matches(String other) {
        return delimited ? name.equals(other) : name.equalsIgnoreCase(other);
    }

    /** Two identifiers denote the same name under ADQL's case rules. */
    public boolean sameAs(Ident other) {
        if (delimited && other.delimited) return name.equals(other.name);
        if (delimited) return other.matches(name);
        return matches(other.name);
    }

    @Override
    public String toString() {
        return delimited ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }
}
