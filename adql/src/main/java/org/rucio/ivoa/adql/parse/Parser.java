package org.rucio.ivoa.adql.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ast.Expr;
import org.rucio.ivoa.adql.ast.Expr.*;
import org.rucio.ivoa.adql.ast.FromItem;
import org.rucio.ivoa.adql.ast.Ident;
import org.rucio.ivoa.adql.ast.Pos;
import org.rucio.ivoa.adql.ast.Query;
import org.rucio.ivoa.adql.ast.QueryExpr;
import org.rucio.ivoa.adql.ast.QueryExpr.OrderItem;

/**
 * Hand-written recursive-descent parser for ADQL 2.1 (which accepts ADQL 2.0 queries too). It builds
 * the immutable AST of {@code org.rucio.ivoa.adql.ast}; every error is an {@link AdqlException} with
 * the line and column of the offending token.
 */
public final class Parser {
    private static final AdqlException.Kind SYNTAX = AdqlException.Kind.SYNTAX;
    /** Deepest nesting of parentheses/sub-queries accepted, so that hostile input cannot overflow the stack. */
    private static final int MAX_DEPTH = 1000;

    private final List<Token> toks;
    private final Predicate<String> knownUdf;
    private int p;
    private int depth;

    private Parser(String adql, Predicate<String> knownUdf) {
        this.toks = Lexer.tokenize(adql);
        this.knownUdf = knownUdf;
    }

    /** Parses a query, accepting any user-defined function name (the checker resolves them). */
    public static Query parse(String adql) {
        return parse(adql, name -> true);
    }

    /**
     * Parses a query; a function that is neither an ADQL function nor accepted by {@code knownUdf}
     * (given the name as written) is a syntax error.
     */
    public static Query parse(String adql, Predicate<String> knownUdf) {
        if (adql == null || adql.isBlank()) {
            throw AdqlException.of(SYNTAX, new Pos(1, 1), "the query is empty");
        }
        try {
            return new Parser(adql, knownUdf).query();
        } catch (StackOverflowError e) {
            throw AdqlException.of(SYNTAX, new Pos(1, 1), "the query is too complex (too deeply nested or too long a chain of operators)");
        }
    }

    // ------------------------------------------------------------------ token helpers

    private Token peek() { return toks.get(p); }

    private Token peek(int k) { return toks.get(Math.min(p + k, toks.size() - 1)); }

    private Token advance() { return toks.get(p < toks.size() - 1 ? p++ : p); }

    private boolean atWord(String w) { return peek().isWord(w); }

    private boolean atSymbol(String s) { return peek().isSymbol(s); }

    private boolean acceptWord(String w) {
        if (atWord(w)) { p++; return true; }
        return false;
    }

    private boolean acceptSymbol(String s) {
        if (atSymbol(s)) { p++; return true; }
        return false;
    }

    private Token expectWord(String w) {
        if (!atWord(w)) throw unexpected(w.toUpperCase(Locale.ROOT));
        return advance();
    }

    private Token expectSymbol(String s) {
        if (!atSymbol(s)) throw unexpected("'" + s + "'");
        return advance();
    }

    private AdqlException unexpected(String expected) {
        Token t = peek();
        return new AdqlException(SYNTAX, t.pos(), t.show(), expected, hintFor(t, expected));
    }

    private static String hintFor(Token t, String expected) {
        if (t.type() == Token.Type.IDENT && Reserved.isReserved(t.text())) {
            String w = t.text().toUpperCase(Locale.ROOT);
            if (w.equals("LIMIT") || STRUCTURE_WORDS.contains(w)) return null;
            if (expected.contains("name") || expected.contains("'('") || expected.contains("value")) {
                return w + " is a reserved word; to use it as a name write it as a delimited identifier \""
                        + t.text().toLowerCase(Locale.ROOT) + "\"";
            }
        }
        if (t.isWord("LIMIT")) return "ADQL limits rows with SELECT TOP n";
        if (t.isSymbol(";")) return "a request holds exactly one query";
        return null;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw AdqlException.of(SYNTAX, peek().pos(), "the query is nested too deeply or chains too many operators (more than " + MAX_DEPTH + " levels)");
        }
    }

    private void leave() { depth--; }

    private boolean isNameToken(Token t) {
        return t.type() == Token.Type.DELIMITED || (t.type() == Token.Type.IDENT && !Reserved.isReserved(t.text()));
    }

    private Ident ident(String what) {
        Token t = peek();
        if (t.type() == Token.Type.DELIMITED) {
            advance();
            return new Ident(t.pos(), t.text(), true);
        }
        if (t.type() == Token.Type.IDENT) {
            if (Reserved.isReserved(t.text())) {
                throw new AdqlException(SYNTAX, t.pos(), t.show(), what,
                        t.text().toUpperCase(Locale.ROOT) + " is a reserved word; to use it as a name write it as a delimited identifier \""
                                + t.text().toLowerCase(Locale.ROOT) + "\"");
            }
            advance();
            return new Ident(t.pos(), t.text(), false);
        }
        throw unexpected(what);
    }

    private long unsignedInteger(String clause) {
        Token t = peek();
        if (t.type() == Token.Type.NUMBER && t.text().startsWith("I")) {
            advance();
            try {
                return Long.parseLong(t.text().substring(1));
            } catch (NumberFormatException e) {
                throw new AdqlException(SYNTAX, t.pos(), t.show(), "an integer that fits in 64 bits", null);
            }
        }
        throw new AdqlException(SYNTAX, t.pos(), t.show(), "an unsigned integer after " + clause,
                clause + " takes a whole number such as 10");
    }

    // ------------------------------------------------------------------ statements

    private Query query() {
        Pos pos = peek().pos();
        List<Query.Cte> ctes = new ArrayList<>();
        if (acceptWord("WITH")) {
            do {
                ctes.add(cte());
            } while (acceptSymbol(","));
        }
        if (!atWord("SELECT") && !atSymbol("(")) throw unexpected("SELECT");
        QueryExpr body = fullQueryExpr();
        acceptSymbol(";");
        if (peek().type() != Token.Type.EOF) throw unexpected("end of query");
        return new Query(pos, ctes, body);
    }

    private Query.Cte cte() {
        Pos pos = peek().pos();
        Ident name = ident("a name for the WITH query");
        List<Ident> cols = new ArrayList<>();
        if (acceptSymbol("(")) {
            do {
                cols.add(ident("a column name"));
            } while (acceptSymbol(","));
            expectSymbol(")");
        }
        expectWord("AS");
        expectSymbol("(");
        QueryExpr q = fullQueryExpr();
        expectSymbol(")");
        return new Query.Cte(pos, name, cols, q);
    }

    /** A set expression followed by its optional ORDER BY and OFFSET. */
    private QueryExpr fullQueryExpr() {
        enter();
        try {
            QueryExpr q = unionExpr();
            List<OrderItem> order = List.of();
            Long offset = null;
            if (atWord("ORDER")) {
                advance();
                expectWord("BY");
                order = orderItems();
            }
            if (acceptWord("OFFSET")) {
                offset = unsignedInteger("OFFSET");
            }
            if (order.isEmpty() && offset == null) return q;
            if (!q.orderBy().isEmpty() || q.offset() != null) {
                throw AdqlException.of(SYNTAX, q.pos(), "a parenthesised query already has ORDER BY or OFFSET; wrap it as a sub-query in FROM to sort again");
            }
            return switch (q) {
                case QueryExpr.Select s -> new QueryExpr.Select(s.pos(), s.distinct(), s.top(), s.items(), s.from(), s.where(),
                        s.groupBy(), s.having(), order, offset);
                case QueryExpr.SetOperation s -> new QueryExpr.SetOperation(s.pos(), s.op(), s.all(), s.left(), s.right(), order, offset);
            };
        } finally {
            leave();
        }
    }

    private QueryExpr unionExpr() {
        QueryExpr left = intersectExpr();
        while (atWord("UNION") || atWord("EXCEPT")) {
            Token t = advance();
            boolean all = acceptWord("ALL");
            if (!all) acceptWord("DISTINCT");
            QueryExpr right = intersectExpr();
            left = new QueryExpr.SetOperation(t.pos(), QueryExpr.SetOp.valueOf(t.text().toUpperCase(Locale.ROOT)), all, left, right, List.of(), null);
        }
        return left;
    }

    private QueryExpr intersectExpr() {
        QueryExpr left = setOperand();
        while (atWord("INTERSECT")) {
            Token t = advance();
            boolean all = acceptWord("ALL");
            if (!all) acceptWord("DISTINCT");
            QueryExpr right = setOperand();
            left = new QueryExpr.SetOperation(t.pos(), QueryExpr.SetOp.INTERSECT, all, left, right, List.of(), null);
        }
        return left;
    }

    private QueryExpr setOperand() {
        if (atSymbol("(")) {
            advance();
            if (atWord("WITH")) {
                throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "SELECT", "WITH is allowed only at the start of the main query");
            }
            QueryExpr q = fullQueryExpr();
            expectSymbol(")");
            return q;
        }
        if (atWord("WITH")) {
            throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "SELECT", "WITH is allowed only at the start of the main query");
        }
        return selectCore();
    }

    private QueryExpr.Select selectCore() {
        Pos pos = expectWord("SELECT").pos();
        boolean distinct = false;
        if (acceptWord("DISTINCT")) distinct = true;
        else acceptWord("ALL");
        Long top = null;
        if (acceptWord("TOP")) top = unsignedInteger("TOP");
        List<QueryExpr.Item> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (acceptSymbol(","));
        if (!atWord("FROM")) {
            Token t = peek();
            String hint = null;
            if (t.type() == Token.Type.IDENT && t.text().length() > 4 && t.text().toUpperCase(Locale.ROOT).startsWith("FROM")) {
                hint = "put a space after FROM";
            } else if (t.type() == Token.Type.IDENT && org.rucio.ivoa.adql.Suggest.distance(t.text(), "FROM") <= 2) {
                hint = "did you mean FROM?";
            }
            throw new AdqlException(SYNTAX, t.pos(), t.show(), "FROM", hint);
        }
        advance();
        List<FromItem> from = new ArrayList<>();
        do {
            from.add(fromItem());
        } while (acceptSymbol(","));
        Condition where = null;
        if (acceptWord("WHERE")) where = condition(expr(), "WHERE");
        List<Value> groupBy = new ArrayList<>();
        if (atWord("GROUP")) {
            advance();
            expectWord("BY");
            do {
                groupBy.add(value(expr()));
            } while (acceptSymbol(","));
        }
        Condition having = null;
        if (acceptWord("HAVING")) having = condition(expr(), "HAVING");
        return new QueryExpr.Select(pos, distinct, top, items, from, where, groupBy, having, List.of(), null);
    }

    private QueryExpr.Item selectItem() {
        Token t = peek();
        if (atSymbol("*")) {
            advance();
            return new QueryExpr.Star(t.pos(), List.of());
        }
        // qualifier.* ?
        int k = 0;
        while (isNameToken(peek(k)) && peek(k + 1).isSymbol(".")) {
            k += 2;
            if (peek(k).isSymbol("*")) {
                List<Ident> q = new ArrayList<>();
                for (int j = 0; j < k / 2; j++) {
                    q.add(ident("a table name"));
                    expectSymbol(".");
                }
                expectSymbol("*");
                return new QueryExpr.Star(t.pos(), q);
            }
        }
        Value e = value(expr());
        Ident alias = null;
        if (acceptWord("AS")) {
            alias = ident("a column alias after AS");
        } else if (isNameToken(peek()) && !looksLikeMisspelledFrom()) {
            alias = ident("a column alias");
        }
        return new QueryExpr.Expression(t.pos(), e, alias);
    }

    /** {@code SELECT a FORM t}: FORM is not an alias but a misspelt FROM. */
    private boolean looksLikeMisspelledFrom() {
        Token t = peek();
        return t.type() == Token.Type.IDENT && org.rucio.ivoa.adql.Suggest.distance(t.text(), "FROM") <= 2
                && t.text().length() >= 3 && t.text().length() <= 5
                && !peek(1).isSymbol(",") && !peek(1).isWord("FROM") && peek(1).type() != Token.Type.EOF;
    }

    private List<OrderItem> orderItems() {
        List<OrderItem> out = new ArrayList<>();
        do {
            Pos pos = peek().pos();
            Value e = value(expr());
            boolean desc = false;
            if (acceptWord("DESC")) desc = true;
            else acceptWord("ASC");
            out.add(new OrderItem(pos, e, desc));
        } while (acceptSymbol(","));
        return out;
    }

    // ------------------------------------------------------------------ FROM

    private FromItem fromItem() {
        FromItem left = fromPrimary();
        while (true) {
            Token t = peek();
            boolean natural = false;
            FromItem.JoinType type;
            if (atWord("CROSS")) {
                advance();
                expectWord("JOIN");
                FromItem right = fromPrimary();
                left = new FromItem.Join(t.pos(), FromItem.JoinType.CROSS, false, left, right, null, List.of());
                continue;
            }
            if (atWord("NATURAL")) {
                advance();
                natural = true;
            }
            if (acceptWord("INNER")) {
                type = FromItem.JoinType.INNER;
            } else if (atWord("LEFT") || atWord("RIGHT") || atWord("FULL")) {
                type = FromItem.JoinType.valueOf(advance().text().toUpperCase(Locale.ROOT));
                acceptWord("OUTER");
            } else if (atWord("JOIN")) {
                type = FromItem.JoinType.INNER;
            } else if (natural) {
                throw unexpected("JOIN");
            } else {
                return left;
            }
            expectWord("JOIN");
            FromItem right = fromPrimary();
            Condition on = null;
            List<Ident> using = List.of();
            if (natural) {
                if (atWord("ON") || atWord("USING")) {
                    throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "no join condition after a NATURAL JOIN",
                            "a NATURAL JOIN matches all columns of the same name");
                }
            } else if (acceptWord("ON")) {
                on = condition(expr(), "ON");
            } else if (acceptWord("USING")) {
                expectSymbol("(");
                List<Ident> cols = new ArrayList<>();
                do {
                    cols.add(ident("a column name in USING"));
                } while (acceptSymbol(","));
                expectSymbol(")");
                using = cols;
            } else {
                throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "ON or USING",
                        "a JOIN needs a condition; write NATURAL JOIN or CROSS JOIN for joins without one");
            }
            left = new FromItem.Join(t.pos(), type, natural, left, right, on, using);
        }
    }

    private FromItem fromPrimary() {
        Token t = peek();
        if (atSymbol("(")) {
            enter();
            try {
                advance();
                if (atWord("SELECT") || atWord("WITH")) {
                    return derived(t.pos());
                }
                if (atSymbol("(")) {
                    int save = p;
                    int saveDepth = depth;
                    try {
                        return derived(t.pos());
                    } catch (AdqlException e) {
                        p = save;
                        depth = saveDepth;
                    }
                }
                FromItem inner = fromItem();
                expectSymbol(")");
                return inner;
            } finally {
                leave();
            }
        }
        List<Ident> name = new ArrayList<>();
        name.add(ident("a table name"));
        while (acceptSymbol(".")) {
            name.add(ident("a table name after '.'"));
        }
        if (name.size() > 3) {
            throw AdqlException.of(SYNTAX, t.pos(), "a table name has at most three parts (catalog.schema.table)");
        }
        Ident alias = null;
        if (acceptWord("AS")) alias = ident("a table alias after AS");
        else if (isNameToken(peek())) alias = ident("a table alias");
        return new FromItem.Table(t.pos(), name, alias);
    }

    /** After '(' : a sub-query, ')' and a mandatory alias. */
    private FromItem derived(Pos pos) {
        if (atWord("WITH")) {
            throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "SELECT", "WITH is allowed only at the start of the main query");
        }
        QueryExpr q = fullQueryExpr();
        expectSymbol(")");
        acceptWord("AS");
        if (!isNameToken(peek())) {
            throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "an alias for the sub-query",
                    "a sub-query in FROM needs a name, as in (SELECT ...) AS q");
        }
        Ident alias = ident("an alias for the sub-query");
        return new FromItem.Derived(pos, q, alias);
    }

    // ------------------------------------------------------------------ expressions

    private Value value(Expr e) {
        if (e instanceof Value v) return v;
        throw AdqlException.of(SYNTAX, e.pos(), "a condition is used where a value is expected",
                "conditions such as a = b belong in WHERE, HAVING or ON");
    }

    private Condition condition(Expr e, String clause) {
        if (e instanceof Condition c) return c;
        String hint = null;
        if (e instanceof Contains || e instanceof Intersects) {
            hint = "CONTAINS and INTERSECTS return 1 or 0: write 1 = CONTAINS(...)";
        }
        throw AdqlException.of(SYNTAX, e.pos(), "a value is used where a condition is expected" + (clause == null ? "" : " in " + clause), hint);
    }

    private Expr expr() {
        enter();
        try {
            return or();
        } finally {
            leave();
        }
    }

    private Expr or() {
        Expr left = and();
        int chain = 0;
        while (atWord("OR")) {
            enter();
            chain++;
            Token t = advance();
            Expr right = and();
            left = new Or(t.pos(), condition(left, "OR"), condition(right, "OR"));
        }
        depth -= chain;
        return left;
    }

    private Expr and() {
        Expr left = not();
        int chain = 0;
        while (atWord("AND")) {
            enter();
            chain++;
            Token t = advance();
            Expr right = not();
            left = new And(t.pos(), condition(left, "AND"), condition(right, "AND"));
        }
        depth -= chain;
        return left;
    }

    private Expr not() {
        if (atWord("NOT")) {
            Token t = advance();
            enter();
            try {
                return new Not(t.pos(), condition(not(), "NOT"));
            } finally {
                leave();
            }
        }
        return predicate();
    }

    private Expr predicate() {
        Token start = peek();
        if (atWord("EXISTS")) {
            advance();
            expectSymbol("(");
            QueryExpr q = subquery();
            expectSymbol(")");
            return new Exists(start.pos(), q);
        }
        Expr left = concat();
        Token t = peek();
        if (t.type() == Token.Type.SYMBOL) {
            CompOp op = switch (t.text()) {
                case "=" -> CompOp.EQ;
                case "<>" -> CompOp.NE;
                case "<" -> CompOp.LT;
                case ">" -> CompOp.GT;
                case "<=" -> CompOp.LE;
                case ">=" -> CompOp.GE;
                default -> null;
            };
            if (op != null) {
                advance();
                Expr right = concat();
                return new Comparison(t.pos(), op, value(left), value(right));
            }
            return left;
        }
        boolean negated = false;
        if (atWord("NOT") && (peek(1).isWord("BETWEEN") || peek(1).isWord("LIKE") || peek(1).isWord("ILIKE") || peek(1).isWord("IN"))) {
            advance();
            negated = true;
        }
        if (acceptWord("BETWEEN")) {
            Value low = value(concat());
            expectWord("AND");
            Value high = value(concat());
            return new Between(t.pos(), value(left), low, high, negated);
        }
        if (atWord("LIKE") || atWord("ILIKE")) {
            boolean ci = advance().isWord("ILIKE");
            Value pattern = value(concat());
            return new Like(t.pos(), value(left), pattern, negated, ci);
        }
        if (acceptWord("IN")) {
            expectSymbol("(");
            if (atWord("SELECT") || (atSymbol("(") && peek(1).isWord("SELECT"))) {
                QueryExpr q = subquery();
                expectSymbol(")");
                return new InSubquery(t.pos(), value(left), q, negated);
            }
            List<Value> items = new ArrayList<>();
            do {
                items.add(value(expr()));
            } while (acceptSymbol(","));
            expectSymbol(")");
            return new InList(t.pos(), value(left), items, negated);
        }
        if (negated) throw unexpected("BETWEEN, LIKE, ILIKE or IN after NOT");
        if (acceptWord("IS")) {
            boolean not = acceptWord("NOT");
            expectWord("NULL");
            return new IsNull(t.pos(), value(left), not);
        }
        return left;
    }

    private QueryExpr subquery() {
        if (atWord("WITH")) {
            throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "SELECT", "WITH is allowed only at the start of the main query");
        }
        return fullQueryExpr();
    }

    private Expr concat() {
        Expr left = additive();
        int chain = 0;
        while (atSymbol("||")) {
            enter();
            chain++;
            Token t = advance();
            Expr right = additive();
            left = new Binary(t.pos(), BinOp.CONCAT, value(left), value(right));
        }
        depth -= chain;
        return left;
    }

    private Expr additive() {
        Expr left = term();
        int chain = 0;
        while (atSymbol("+") || atSymbol("-")) {
            enter();
            chain++;
            Token t = advance();
            Expr right = term();
            left = new Binary(t.pos(), t.text().equals("+") ? BinOp.ADD : BinOp.SUB, value(left), value(right));
        }
        depth -= chain;
        return left;
    }

    private Expr term() {
        Expr left = factor();
        int chain = 0;
        while (atSymbol("*") || atSymbol("/")) {
            enter();
            chain++;
            Token t = advance();
            Expr right = factor();
            left = new Binary(t.pos(), t.text().equals("*") ? BinOp.MUL : BinOp.DIV, value(left), value(right));
        }
        depth -= chain;
        return left;
    }

    private Expr factor() {
        if (atSymbol("-") || atSymbol("+")) {
            Token t = advance();
            enter();
            try {
                Value operand = value(factor());
                return t.text().equals("-") ? new Negate(t.pos(), operand) : operand;
            } finally {
                leave();
            }
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.type()) {
            case NUMBER -> {
                advance();
                return new NumLit(t.pos(), t.raw(), t.text().startsWith("I"));
            }
            case STRING -> {
                advance();
                return new StrLit(t.pos(), t.text());
            }
            case DELIMITED -> {
                return columnRef();
            }
            case IDENT -> {
                if (!Reserved.isReserved(t.text())) {
                    if (peek(1).isSymbol("(")) return udf();
                    return columnRef();
                }
                return keywordPrimary(t);
            }
            case SYMBOL -> {
                if (t.isSymbol("(")) {
                    advance();
                    if (atWord("SELECT") || atWord("WITH")) {
                        QueryExpr q = subquery();
                        expectSymbol(")");
                        return new ScalarSubquery(t.pos(), q);
                    }
                    if (atSymbol("(") && peek(1).isWord("SELECT")) {
                        // ((SELECT ...) UNION (SELECT ...)) or ((SELECT ...) + 1): try the query first
                        int save = p;
                        int saveDepth = depth;
                        try {
                            QueryExpr q = subquery();
                            expectSymbol(")");
                            return new ScalarSubquery(t.pos(), q);
                        } catch (AdqlException e) {
                            p = save;
                            depth = saveDepth;
                        }
                    }
                    Expr e = expr();
                    expectSymbol(")");
                    return e;
                }
                throw unexpected("a value (a column, a literal, a function or '(')");
            }
            default -> throw unexpected("a value (a column, a literal, a function or '(')");
        }
    }

    private Column columnRef() {
        Pos pos = peek().pos();
        List<Ident> parts = new ArrayList<>();
        parts.add(ident("a column name"));
        while (atSymbol(".")) {
            advance();
            parts.add(ident("a column name after '.'"));
        }
        if (parts.size() > 4) {
            throw AdqlException.of(SYNTAX, pos, "a column reference has at most four parts (catalog.schema.table.column)");
        }
        return new Column(pos, parts.subList(0, parts.size() - 1), parts.get(parts.size() - 1));
    }

    private Expr udf() {
        Token t = advance();
        Ident name = new Ident(t.pos(), t.text(), false);
        if (!knownUdf.test(t.text())) {
            throw new AdqlException(AdqlException.Kind.NAME, t.pos(), t.show(), "an ADQL function or a declared user-defined function",
                    "this service does not declare a function named " + t.text());
        }
        List<Value> args = args();
        return new UdfCall(t.pos(), name, args);
    }

    /** '(' [value {, value}] ')'. */
    private List<Value> args() {
        expectSymbol("(");
        List<Value> args = new ArrayList<>();
        if (acceptSymbol(")")) return args;
        do {
            args.add(value(expr()));
        } while (acceptSymbol(","));
        expectSymbol(")");
        return args;
    }

    private AdqlException arity(Token t, String expected) {
        return AdqlException.of(SYNTAX, t.pos(), t.text().toUpperCase(Locale.ROOT) + " takes " + expected);
    }

    private Expr keywordPrimary(Token t) {
        String w = t.text().toUpperCase(Locale.ROOT);
        switch (w) {
            case "NULL" -> {
                advance();
                return new NullLit(t.pos());
            }
            case "TRUE", "FALSE" -> throw new AdqlException(SYNTAX, t.pos(), t.show(), "a value", "ADQL has no boolean literals; compare with 1 or 0");
            case "CASE" -> {
                return caseExpr();
            }
            default -> { }
        }
        if (!FUNCTION_WORDS.contains(w)) {
            throw unexpected("a value (a column, a literal, a function or '(')");
        }
        if (!peek(1).isSymbol("(")) {
            advance();
            throw new AdqlException(SYNTAX, peek().pos(), peek().show(), "'(' after " + w,
                    w + " is a reserved word; to use it as a name write it as a delimited identifier \"" + t.text().toLowerCase(Locale.ROOT) + "\"");
        }
        Fn fn = fnOf(w);
        if (fn != null) {
            advance();
            List<Value> args = args();
            if (args.size() < fn.minArgs || args.size() > fn.maxArgs) {
                throw arity(t, fn.minArgs == fn.maxArgs ? plural(fn.minArgs) : fn.minArgs + " or " + plural(fn.maxArgs));
            }
            return new Call(t.pos(), fn, args);
        }
        switch (w) {
            case "COUNT", "AVG", "MIN", "MAX", "SUM" -> {
                advance();
                expectSymbol("(");
                AggFn agg = AggFn.valueOf(w);
                if (agg == AggFn.COUNT && acceptSymbol("*")) {
                    expectSymbol(")");
                    return new Aggregate(t.pos(), agg, false, null);
                }
                boolean distinct = acceptWord("DISTINCT");
                if (!distinct) acceptWord("ALL");
                Value arg = value(expr());
                expectSymbol(")");
                return new Aggregate(t.pos(), agg, distinct, arg);
            }
            case "CAST" -> {
                advance();
                expectSymbol("(");
                Value operand = value(expr());
                expectWord("AS");
                CastType type = castType();
                expectSymbol(")");
                return new Cast(t.pos(), operand, type);
            }
            case "COALESCE" -> {
                advance();
                List<Value> args = args();
                if (args.isEmpty()) throw arity(t, "at least one argument");
                return new Coalesce(t.pos(), args);
            }
            case "NULLIF" -> {
                advance();
                List<Value> args = args();
                if (args.size() != 2) throw arity(t, "2 arguments");
                return new NullIf(t.pos(), args.get(0), args.get(1));
            }
            case "IN_UNIT" -> {
                advance();
                List<Value> args = args();
                if (args.size() != 2 || !(args.get(1) instanceof StrLit unit)) {
                    throw arity(t, "a value and a unit string, as in IN_UNIT(em_min, 'nm')");
                }
                return new InUnit(t.pos(), args.get(0), unit);
            }
            default -> {
                return geometry(t, w);
            }
        }
    }

    private static final java.util.Set<String> FUNCTION_WORDS = java.util.Set.of(
            "ABS", "CEILING", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "MOD", "PI", "POWER", "RADIANS", "RAND", "ROUND",
            "SQRT", "TRUNCATE", "ACOS", "ASIN", "ATAN", "ATAN2", "COS", "COT", "SIN", "TAN", "LOWER", "UPPER",
            "COUNT", "AVG", "MIN", "MAX", "SUM", "CAST", "COALESCE", "NULLIF", "IN_UNIT",
            "POINT", "CIRCLE", "BOX", "POLYGON", "REGION", "CENTROID", "AREA", "COORD1", "COORD2", "COORDSYS",
            "DISTANCE", "CONTAINS", "INTERSECTS");

    private static final java.util.Set<String> STRUCTURE_WORDS = java.util.Set.of(
            "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "HAVING", "AND", "OR", "NOT", "AS", "ON", "JOIN", "UNION",
            "EXCEPT", "INTERSECT", "WITH", "USING", "OFFSET", "TOP", "DISTINCT", "ALL", "IS", "IN", "BETWEEN", "LIKE", "ILIKE",
            "ASC", "DESC", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "NATURAL", "CROSS", "WHEN", "THEN", "ELSE", "END");

    private static String plural(int n) {
        return n == 1 ? "1 argument" : n + " arguments";
    }

    private static Fn fnOf(String w) {
        for (Fn f : Fn.values()) {
            if (f.name().equals(w)) return f;
        }
        return null;
    }

    private CastType castType() {
        Token t = peek();
        String w = t.type() == Token.Type.IDENT ? t.text().toUpperCase(Locale.ROOT) : "";
        TypeName type = switch (w) {
            case "SMALLINT" -> TypeName.SMALLINT;
            case "INTEGER" -> TypeName.INTEGER;
            case "BIGINT" -> TypeName.BIGINT;
            case "REAL" -> TypeName.REAL;
            case "DOUBLE" -> TypeName.DOUBLE_PRECISION;
            case "CHAR", "CHARACTER" -> TypeName.CHAR;
            case "VARCHAR" -> TypeName.VARCHAR;
            case "TIMESTAMP" -> TypeName.TIMESTAMP;
            case "POINT" -> TypeName.POINT;
            case "CIRCLE" -> TypeName.CIRCLE;
            case "POLYGON" -> TypeName.POLYGON;
            default -> null;
        };
        if (type == null) {
            String hint = w.equals("FLOAT") ? "use REAL or DOUBLE PRECISION" : w.equals("INT") ? "use INTEGER" : null;
            throw new AdqlException(SYNTAX, t.pos(), t.show(),
                    "a CAST type (SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n), TIMESTAMP, POINT, CIRCLE, POLYGON)", hint);
        }
        advance();
        if (type == TypeName.DOUBLE_PRECISION) expectWord("PRECISION");
        if (type == TypeName.CHAR && acceptWord("VARYING")) type = TypeName.VARCHAR;
        Integer length = null;
        if ((type == TypeName.CHAR || type == TypeName.VARCHAR) && acceptSymbol("(")) {
            long n = unsignedInteger("the length of " + type);
            if (n < 1 || n > 10_000_000) throw AdqlException.of(SYNTAX, t.pos(), "a string length must be between 1 and 10000000");
            length = (int) n;
            expectSymbol(")");
        }
        return new CastType(type, length);
    }

    private Expr caseExpr() {
        Token t = advance();
        Value operand = null;
        if (!atWord("WHEN")) operand = value(expr());
        List<When> whens = new ArrayList<>();
        while (atWord("WHEN")) {
            Token w = advance();
            Expr when = expr();
            if (operand == null) condition(when, "CASE WHEN");
            else value(when);
            expectWord("THEN");
            whens.add(new When(w.pos(), when, value(expr())));
        }
        if (whens.isEmpty()) throw unexpected("WHEN");
        Value otherwise = null;
        if (acceptWord("ELSE")) otherwise = value(expr());
        expectWord("END");
        return new Case(t.pos(), operand, whens, otherwise);
    }

    // ------------------------------------------------------------------ geometry

    private static boolean isCoordSys(Value v) {
        return v instanceof StrLit || v instanceof NullLit;
    }

    /** Rejects arguments that can never be a point (numbers, strings, arithmetic). */
    private static Value pointArg(Value v, String function) {
        if (v instanceof NumLit || v instanceof StrLit || v instanceof Binary || v instanceof Negate || v instanceof Call
                || v instanceof Aggregate || v instanceof Circle || v instanceof Polygon || v instanceof Box || v instanceof Contains
                || v instanceof Intersects || v instanceof Distance || v instanceof Area || v instanceof Coord1 || v instanceof Coord2) {
            throw AdqlException.of(SYNTAX, v.pos(), function + " expects a point here (POINT(ra, dec) or a point column)");
        }
        return v;
    }

    private Expr geometry(Token t, String w) {
        advance();
        List<Value> a = args();
        Pos pos = t.pos();
        switch (w) {
            case "POINT" -> {
                if (a.size() == 3 && isCoordSys(a.get(0))) return new Point(pos, a.get(0), a.get(1), a.get(2));
                if (a.size() == 2) return new Point(pos, null, a.get(0), a.get(1));
                throw arity(t, "2 coordinates in degrees, optionally after a coordinate system string: POINT('ICRS', s_ra, s_dec)");
            }
            case "CIRCLE" -> {
                Value cs = null;
                if (a.size() == 4 || (a.size() == 3 && isCoordSys(a.get(0)))) {
                    cs = a.get(0);
                    a = a.subList(1, a.size());
                    if (!isCoordSys(cs)) throw AdqlException.of(SYNTAX, cs.pos(), "the coordinate system of CIRCLE must be a string literal");
                }
                if (a.size() == 3) return new Circle(pos, cs, new Point(a.get(0).pos(), null, a.get(0), a.get(1)), a.get(2));
                if (a.size() == 2) return new Circle(pos, cs, pointArg(a.get(0), "CIRCLE"), a.get(1));
                throw arity(t, "a centre (ra, dec or a point) and a radius in degrees: CIRCLE(s_ra, s_dec, 0.5)");
            }
            case "BOX" -> {
                Value cs = null;
                if (a.size() == 5 || (a.size() == 4 && isCoordSys(a.get(0)))) {
                    cs = a.get(0);
                    a = a.subList(1, a.size());
                    if (!isCoordSys(cs)) throw AdqlException.of(SYNTAX, cs.pos(), "the coordinate system of BOX must be a string literal");
                }
                if (a.size() == 4) return new Box(pos, cs, new Point(a.get(0).pos(), null, a.get(0), a.get(1)), a.get(2), a.get(3));
                if (a.size() == 3) return new Box(pos, cs, pointArg(a.get(0), "BOX"), a.get(1), a.get(2));
                throw arity(t, "a centre, a width and a height in degrees: BOX(ra, dec, width, height)");
            }
            case "POLYGON" -> {
                Value cs = null;
                if (!a.isEmpty() && isCoordSys(a.get(0))) {
                    cs = a.get(0);
                    a = a.subList(1, a.size());
                }
                boolean numbers = a.size() >= 6 && a.size() % 2 == 0 && !(a.get(0) instanceof Point) && !(a.get(0) instanceof Centroid);
                List<Value> vertices = new ArrayList<>();
                if (numbers) {
                    for (int i = 0; i < a.size(); i += 2) vertices.add(new Point(a.get(i).pos(), null, a.get(i), a.get(i + 1)));
                } else {
                    if (a.size() < 3) throw arity(t, "at least 3 vertices: POLYGON(ra1, dec1, ra2, dec2, ra3, dec3) or POLYGON(p1, p2, p3)");
                    for (Value v : a) {
                        if (v instanceof NumLit || v instanceof Negate || v instanceof Binary) {
                            throw AdqlException.of(SYNTAX, v.pos(), "POLYGON takes an even number (at least 6) of coordinates or at least 3 points, not a mix");
                        }
                        vertices.add(pointArg(v, "POLYGON"));
                    }
                }
                return new Polygon(pos, cs, vertices);
            }
            case "REGION" -> {
                if (a.size() == 1 && a.get(0) instanceof StrLit s) return new Region(pos, s);
                throw arity(t, "one string literal, as in REGION('CIRCLE ICRS 10 -30 1')");
            }
            case "CENTROID", "AREA", "COORD1", "COORD2", "COORDSYS" -> {
                if (a.size() != 1) throw arity(t, "1 argument");
                Value g = a.get(0);
                return switch (w) {
                    case "CENTROID" -> new Centroid(pos, g);
                    case "AREA" -> new Area(pos, g);
                    case "COORD1" -> new Coord1(pos, pointArg(g, w));
                    case "COORD2" -> new Coord2(pos, pointArg(g, w));
                    default -> new CoordSys(pos, g);
                };
            }
            case "DISTANCE" -> {
                if (a.size() == 2) return new Distance(pos, pointArg(a.get(0), w), pointArg(a.get(1), w));
                if (a.size() == 4) {
                    return new Distance(pos, new Point(a.get(0).pos(), null, a.get(0), a.get(1)), new Point(a.get(2).pos(), null, a.get(2), a.get(3)));
                }
                throw arity(t, "2 points or 4 coordinates: DISTANCE(POINT(s_ra, s_dec), POINT(10, -30)) or DISTANCE(s_ra, s_dec, 10, -30)");
            }
            case "CONTAINS", "INTERSECTS" -> {
                if (a.size() != 2) throw arity(t, "2 geometries");
                return w.equals("CONTAINS") ? new Contains(pos, a.get(0), a.get(1)) : new Intersects(pos, a.get(0), a.get(1));
            }
            default -> throw new AdqlException(SYNTAX, t.pos(), t.show(), "a function of ADQL 2.1",
                    w + " is reserved in ADQL but is not a function; to use it as a name write it as a delimited identifier \"" + t.text().toLowerCase(Locale.ROOT) + "\"");
        }
    }
}
