package org.rucio.ivoa.adql;

import java.util.Map;
import java.util.Set;

import org.rucio.ivoa.adql.ast.Query;
import org.rucio.ivoa.adql.check.CheckedQuery;
import org.rucio.ivoa.adql.check.Checker;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.UploadTable;
import org.rucio.ivoa.adql.parse.Parser;
import org.rucio.ivoa.adql.translate.PgSphereTranslator;
import org.rucio.ivoa.adql.translate.SqlSafety;

/**
 * The one entry point: ADQL text to SQL plus typed columns. Parse, check against the metadata,
 * translate, then verify the SQL with {@link SqlSafety} before handing it out. Every failure is an
 * {@link AdqlException} with a position; an internal inconsistency is reported as an
 * {@link IllegalStateException} (a bug, not a user error).
 */
public final class AdqlCompiler {
    private AdqlCompiler() { }

    public static CompiledQuery compile(String adql, Metadata md, Map<String, UploadTable> uploads) {
        try {
            return run(adql, md, uploads);
        } catch (StackOverflowError e) {
            // the parser bounds nesting, but a small thread stack can still be exhausted: a user error, not a crash
            throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, new org.rucio.ivoa.adql.ast.Pos(1, 1),
                    "the query is too complex (too deeply nested or too long a chain of operators)");
        }
    }

    private static CompiledQuery run(String adql, Metadata md, Map<String, UploadTable> uploads) {
        Map<String, UploadTable> up = uploads == null ? Map.of() : uploads;
        Query ast = Parser.parse(adql); // unknown functions are reported by the checker, with suggestions
        CheckedQuery checked = Checker.check(ast, md, up);
        String sql = PgSphereTranslator.translate(checked);
        SqlSafety.Verdict v = SqlSafety.check(sql, SqlSafety.Policy.of(md, up));
        if (!v.safe()) {
            throw new IllegalStateException("generated SQL failed the safety check (" + v.reason() + "): " + sql);
        }
        return new CompiledQuery(sql, checked.columns());
    }
}
