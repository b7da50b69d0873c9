package org.rucio.ivoa.adql.parse;

import java.util.ArrayList;
import java.util.List;

import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ast.Pos;

/** Splits ADQL text into tokens; drops whitespace and {@code --} comments. */
final class Lexer {
    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;

    private Lexer(String s) {
        this.s = s;
    }

    static List<Token> tokenize(String adql) {
        return new Lexer(adql).run();
    }

    private Pos pos() {
        return new Pos(line, i - lineStart + 1);
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (i >= s.length()) {
                out.add(new Token(Token.Type.EOF, "", pos(), ""));
                return out;
            }
            out.add(next());
        }
    }

    private void skipBlanks() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                lineStart = i;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else {
                return;
            }
        }
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token next() {
        Pos p = pos();
        int start = i;
        char c = s.charAt(i);
        if (isLetter(c)) {
            while (i < s.length() && (isLetter(s.charAt(i)) || isDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            String w = s.substring(start, i);
            return new Token(Token.Type.IDENT, w, p, w);
        }
        if (isDigit(c) || (c == '.' && i + 1 < s.length() && isDigit(s.charAt(i + 1)))) {
            return number(p);
        }
        if (c == '\'') {
            return string(p);
        }
        if (c == '"') {
            return delimited(p);
        }
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        switch (two) {
            case "<=", ">=", "<>", "!=", "||" -> {
                i += 2;
                return new Token(Token.Type.SYMBOL, two.equals("!=") ? "<>" : two, p, two);
            }
            default -> { }
        }
        if ("(),.*+-/=<>;".indexOf(c) >= 0) {
            i++;
            return new Token(Token.Type.SYMBOL, String.valueOf(c), p, String.valueOf(c));
        }
        String shown = new String(Character.toChars(s.codePointAt(i)));
        String hint = switch (c) {
            case '_' -> "a regular identifier starts with a letter; write a name like _x as a delimited identifier \"_x\"";
            case '&', '|', '^', '~' -> "ADQL 2.1 has no bitwise operators";
            case '\u2018', '\u2019' -> "use the plain apostrophe ' to quote strings";
            case '\u201c', '\u201d' -> "use the plain double quote \" for delimited identifiers";
            case '/' -> null;
            default -> null;
        };
        throw new AdqlException(AdqlException.Kind.SYNTAX, p, "'" + shown + "'", "a token of ADQL", hint);
    }

    private Token number(Pos p) {
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) i++;
        boolean integer = true;
        if (i < s.length() && s.charAt(i) == '.') {
            integer = false;
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) i++;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int save = i;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            if (i < s.length() && isDigit(s.charAt(i))) {
                integer = false;
                while (i < s.length() && isDigit(s.charAt(i))) i++;
            } else {
                i = save;
                throw new AdqlException(AdqlException.Kind.SYNTAX, p, "'" + s.substring(start, Math.min(s.length(), save + 1)) + "'",
                        "a number", "an exponent needs digits, as in 1e-3");
            }
        }
        if (i < s.length() && (isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            int end = i;
            while (end < s.length() && (isLetter(s.charAt(end)) || isDigit(s.charAt(end)) || s.charAt(end) == '_')) end++;
            String hint = s.substring(start, end).toLowerCase().startsWith("0x") ? "ADQL 2.1 has no hexadecimal literals" : "a name cannot start with a digit";
            throw new AdqlException(AdqlException.Kind.SYNTAX, p, "'" + s.substring(start, end) + "'", "a number or a name", hint);
        }
        String text = s.substring(start, i);
        return new Token(Token.Type.NUMBER, integer ? "I" + text : "F" + text, p, text);
    }

    private Token string(Pos p) {
        int start = i;
        String content = quoted(p, '\'', "an unterminated string", "a closing '", "write a quote inside a string as ''");
        // SQL-92: 'ab' 'cd' separated by whitespace with a newline concatenate; ADQL inherits it
        return new Token(Token.Type.STRING, content, p, s.substring(start, i));
    }

    /** Reads from an opening quote to its closing one; a doubled quote stands for one. Tracks lines. */
    private String quoted(Pos p, char quote, String unterminated, String expected, String hint) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
            if (i >= s.length()) {
                throw new AdqlException(AdqlException.Kind.SYNTAX, p, unterminated, expected, hint);
            }
            char c = s.charAt(i);
            if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    sb.append(quote);
                    i += 2;
                    continue;
                }
                i++;
                return sb.toString();
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
            sb.append(c);
            i++;
        }
    }

    private Token delimited(Pos p) {
        int start = i;
        String name = quoted(p, '"', "an unterminated delimited identifier", "a closing \"",
                "write a double quote inside a name as \"\"");
        if (name.isEmpty()) {
            throw new AdqlException(AdqlException.Kind.SYNTAX, p, "\"\"", "a non-empty delimited identifier", null);
        }
        if (name.indexOf("\u0000") >= 0) {
            throw new AdqlException(AdqlException.Kind.SYNTAX, p, "a NUL character", "a delimited identifier", null);
        }
        return new Token(Token.Type.DELIMITED, name, p, s.substring(start, i));
    }
}
