package org.rucio.ivoa.adql.check;

import org.rucio.ivoa.adql.meta.ColumnMeta;

/**
 * One column of the result, in select-list order: what the TAP layer writes as a VOTable FIELD.
 * {@code geometry} says which pgSphere value the SQL returns in this column (NONE for ordinary values);
 * POINT/CIRCLE/POLYGON are to be written as DALI arrays, REGION (an spoly for an adql:region column)
 * as an STC-S string — see {@code org.rucio.ivoa.adql.translate.PgSphereText}.
 */
public record OutputColumn(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
                           String utype, String description, ColumnMeta.Geometry geometry) {

    static OutputColumn of(String name, TypeInfo t) {
        String datatype = t.datatype() == null ? "char" : t.datatype();
        String arraysize = t.datatype() == null ? "*" : t.arraysize();
        return new OutputColumn(name, datatype, arraysize, t.xtype(), t.unit(), t.ucd(), t.utype(), t.description(), t.geometry());
    }
}
