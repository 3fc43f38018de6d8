package cdcgen.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink SQL script split into statements, with just enough structure to
 * find each CREATE TABLE's name and WITH clause and each INSERT's target.
 * Quotes ('...' with '' inside, `...` with `` inside) and comments (--, /* *&#47;)
 * are honoured; an EXECUTE STATEMENT SET BEGIN ... END block is one statement.
 */
final class SqlScript {
    enum Kind { WORD, IDENT, STRING, PUNCT, COMMENT }

    /** A token; {@code value} is the unquoted text of IDENT and STRING tokens. */
    record Token(Kind kind, String value, int start, int end) {
        boolean isWord(String w) {
            return kind == Kind.WORD && value.equalsIgnoreCase(w);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && value.charAt(0) == c;
        }
    }

    /** One statement: its text without the final ';', and its tokens (offsets into the script). */
    record Statement(String script, int start, int end, List<Token> tokens) {
        String text() {
            return script.substring(start, end);
        }

        List<Token> code() {
            return tokens.stream().filter(t -> t.kind != Kind.COMMENT).toList();
        }

        int line() {
            int line = 1;
            int first = code().isEmpty() ? start : code().get(0).start;
            for (int i = 0; i < first; i++)
                if (script.charAt(i) == '\n')
                    line++;
            return line;
        }
    }

    /** A CREATE TABLE statement: its name and its WITH options (in order). */
    record CreateTable(Statement stmt, String name, Token withOpen, Token withClose,
                       Map<String, String> options, List<String> comments) {
        /** The statement with the WITH clause's options replaced by {@code newOptions}. */
        String withOptions(Map<String, String> newOptions) {
            StringBuilder b = new StringBuilder(stmt.script.substring(stmt.start, withOpen.end));
            String sep = "\n  ";
            for (Map.Entry<String, String> e : newOptions.entrySet()) {
                b.append(sep).append(quote(e.getKey())).append(" = ").append(quote(e.getValue()));
                sep = ",\n  ";
            }
            b.append('\n').append(stmt.script, withClose.start, stmt.end);
            return b.toString();
        }
    }

    final String text;
    final List<Statement> statements = new ArrayList<>();

    SqlScript(String text) {
        this.text = text;
        split();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String quoteIdent(String s) {
        return "`" + s.replace("`", "``") + "`";
    }

    private void split() {
        List<Token> toks = tokenize(text);
        int from = 0, start = 0;
        for (int i = 0; i < toks.size(); i++) {
            Token t = toks.get(i);
            if (!t.isPunct(';'))
                continue;
            List<Token> st = toks.subList(from, i);
            if (isStatementSet(st) && !endsWithEnd(st))
                continue;
            add(start, t.start, st);
            from = i + 1;
            start = t.end;
        }
        add(start, text.length(), toks.subList(from, toks.size()));
    }

    private void add(int start, int end, List<Token> toks) {
        if (toks.stream().anyMatch(t -> t.kind != Kind.COMMENT))
            statements.add(new Statement(text, start, end, List.copyOf(toks)));
    }

    private static boolean isStatementSet(List<Token> st) {
        List<Token> c = st.stream().filter(t -> t.kind != Kind.COMMENT).limit(3).toList();
        return c.size() == 3 && c.get(0).isWord("EXECUTE") && c.get(1).isWord("STATEMENT")
            && c.get(2).isWord("SET");
    }

    private static boolean endsWithEnd(List<Token> st) {
        for (int i = st.size() - 1; i >= 0; i--)
            if (st.get(i).kind != Kind.COMMENT)
                return st.get(i).isWord("END");
        return false;
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int e = s.indexOf('\n', i);
                e = e < 0 ? n : e;
                out.add(new Token(Kind.COMMENT, s.substring(i, e), i, e));
                i = e;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int e = s.indexOf("*/", i + 2);
                if (e < 0)
                    throw new IllegalArgumentException("unterminated /* comment at offset " + i);
                out.add(new Token(Kind.COMMENT, s.substring(i, e + 2), i, e + 2));
                i = e + 2;
            } else if (c == '\'' || c == '`') {
                StringBuilder v = new StringBuilder();
                int j = i + 1;
                for (;;) {
                    if (j >= n)
                        throw new IllegalArgumentException("unterminated " + c + " quote at offset " + i);
                    char d = s.charAt(j);
                    if (d == c) {
                        if (j + 1 < n && s.charAt(j + 1) == c) {
                            v.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    v.append(d);
                    j++;
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.IDENT, v.toString(), i, j + 1));
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                                 || s.charAt(j) == '$'))
                    j++;
                out.add(new Token(Kind.WORD, s.substring(i, j), i, j));
                i = j;
            } else {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    /** The CREATE TABLE statements, in order. */
    List<CreateTable> createTables() {
        List<CreateTable> out = new ArrayList<>();
        for (Statement st : statements) {
            List<Token> c = st.code();
            int i = 0;
            if (c.isEmpty() || !c.get(i++).isWord("CREATE"))
                continue;
            if (i < c.size() && c.get(i).isWord("TEMPORARY"))
                i++;
            if (i >= c.size() || !c.get(i++).isWord("TABLE"))
                continue;
            if (i + 2 < c.size() && c.get(i).isWord("IF") && c.get(i + 1).isWord("NOT")
                && c.get(i + 2).isWord("EXISTS"))
                i += 3;
            if (i >= c.size())
                throw new IllegalArgumentException("line " + st.line() + ": CREATE TABLE without a name");
            String name = c.get(i).value();
            // The WITH clause: the last top-level WITH ( ... ).
            Token open = null, close = null;
            int depth = 0;
            for (int k = i + 1; k < c.size(); k++) {
                Token t = c.get(k);
                if (t.isPunct('(')) {
                    if (depth == 0 && c.get(k - 1).isWord("WITH"))
                        open = t;
                    depth++;
                } else if (t.isPunct(')')) {
                    depth--;
                    if (depth == 0 && open != null && close == null)
                        close = t;
                }
            }
            if (open == null || close == null)
                throw new IllegalArgumentException("line " + st.line() + ": CREATE TABLE " + name
                                                   + " has no WITH (...) clause");
            Map<String, String> opts = new LinkedHashMap<>();
            int a = c.indexOf(open) + 1, b = c.indexOf(close);
            for (int k = a; k < b; k += 4) {
                if (k + 2 >= b || c.get(k).kind != Kind.STRING || !c.get(k + 1).isPunct('=')
                    || c.get(k + 2).kind != Kind.STRING || (k + 3 < b && !c.get(k + 3).isPunct(',')))
                    throw new IllegalArgumentException("line " + st.line() + ": cannot read the WITH options of "
                                                       + name);
                opts.put(c.get(k).value(), c.get(k + 2).value());
            }
            List<String> comments = st.tokens().stream().filter(t -> t.kind == Kind.COMMENT)
                .map(Token::value).toList();
            out.add(new CreateTable(st, name, open, close, opts, comments));
        }
        return out;
    }

    /** Names after INSERT INTO, in order. */
    List<String> insertTargets() {
        List<String> out = new ArrayList<>();
        for (Statement st : statements) {
            List<Token> c = st.code();
            for (int k = 0; k + 2 < c.size(); k++)
                if (c.get(k).isWord("INSERT") && c.get(k + 1).isWord("INTO"))
                    out.add(c.get(k + 2).value());
        }
        return out;
    }

    /** Names right after FROM, in order (tables and views read). */
    List<String> fromNames() {
        List<String> out = new ArrayList<>();
        for (Statement st : statements) {
            List<Token> c = st.code();
            for (int k = 0; k + 1 < c.size(); k++)
                if (c.get(k).isWord("FROM") && (c.get(k + 1).kind == Kind.IDENT || c.get(k + 1).kind == Kind.WORD))
                    out.add(c.get(k + 1).value());
        }
        return out;
    }
}
