package org.rucio.ivoa.adql.meta;

import java.util.List;

/** A fixed set of tables and functions. */
public record InMemoryMetadata(List<TableMeta> tables, List<FunctionMeta> functions) implements Metadata {
    public InMemoryMetadata {
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
    }
}
