package org.rucio.ivoa.adql;

import java.util.List;

import org.rucio.ivoa.adql.check.OutputColumn;

/**
 * What the TAP layer executes: one PostgreSQL/pgSphere SELECT and the typed result columns, in
 * order, to write as VOTable FIELDs. The SQL expects pgSphere output in degrees
 * ({@code SELECT set_sphere_output('DEG')} on the connection) for geometry columns.
 */
public record CompiledQuery(String sql, List<OutputColumn> columns) {
    public CompiledQuery {
        columns = List.copyOf(columns);
    }
}
