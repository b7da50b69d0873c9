package org.rucio.ivoa.adql.meta;

import java.util.List;

/**
 * What the checker resolves names against. The TAP layer implements it from TAP_SCHEMA; tests use
 * {@link InMemoryMetadata}. Implementations must be immutable or thread-safe: one instance serves
 * many concurrent queries.
 */
public interface Metadata {
    /** Every table a query may read, TAP_SCHEMA tables included if they are published. */
    List<TableMeta> tables();

    /** Declared user-defined functions. */
    List<FunctionMeta> functions();
}
