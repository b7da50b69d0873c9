package org.rucio.ivoa.tap;

import org.rucio.ivoa.adql.CompiledQuery;

/**
 * A sync query ready to run: the ADQL as sent, the compiled SQL with its typed columns, the result format
 * and the effective MAXREC (the request's, or the default, never above the hard limit).
 */
public record TapQuery(String adql, CompiledQuery compiled, ResultFormat format, int maxrec) {}
