package org.rucio.ivoa.adql;

import java.util.List;
import java.util.Map;

import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.meta.FunctionMeta;
import org.rucio.ivoa.adql.meta.InMemoryMetadata;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.TableMeta;
import org.rucio.ivoa.adql.meta.UploadTable;

/** Metadata shaped like ours: ivoa.obscore of radio observations, rucio.dids, TAP_SCHEMA.columns, one UDF. */
public final class ObsCoreFixture {
    private ObsCoreFixture() { }

    private static ColumnMeta c(String name, String datatype, String arraysize, String xtype, String unit, String ucd) {
        return ColumnMeta.of(name, datatype, arraysize, xtype, unit, ucd);
    }

    public static final TableMeta OBSCORE = TableMeta.of("ivoa", "obscore", List.of(
            c("dataproduct_type", "char", "*", null, null, "meta.code.class"),
            c("calib_level", "short", null, null, null, "meta.code;obs.calib"),
            c("obs_collection", "char", "*", null, null, "meta.id"),
            c("obs_id", "char", "*", null, null, "meta.id"),
            c("obs_publisher_did", "char", "*", null, null, "meta.ref.ivoid"),
            c("access_url", "char", "*", null, null, "meta.ref.url"),
            c("access_format", "char", "*", null, null, "meta.code.mime"),
            c("access_estsize", "long", null, null, "kbyte", "phys.size;meta.file"),
            c("target_name", "char", "*", null, null, "meta.id;src"),
            c("s_ra", "double", null, null, "deg", "pos.eq.ra").withDescription("obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1", "Central right ascension, ICRS").withFlags(true, true, true),
            c("s_dec", "double", null, null, "deg", "pos.eq.dec").withFlags(true, true, true),
            c("s_fov", "double", null, null, "deg", "phys.angSize;instr.fov"),
            c("s_region", "char", "*", "adql:region", "deg", "pos.outline;obs.field").withDescription("obscore:Char.SpatialAxis.Coverage.Support.Area", "Sky region covered")
                    .withDbCircleName("s_region_circle"),
            c("s_resolution", "double", null, null, "arcsec", "pos.angResolution"),
            c("t_min", "double", null, null, "d", "time.start;obs.exposure"),
            c("t_max", "double", null, null, "d", "time.end;obs.exposure"),
            c("t_exptime", "double", null, null, "s", "time.duration;obs.exposure"),
            c("em_min", "double", null, null, "m", "em.wl;stat.min"),
            c("em_max", "double", null, null, "m", "em.wl;stat.max"),
            c("em_xel", "long", null, null, null, "meta.number"),
            c("facility_name", "char", "*", null, null, "meta.id;instr.tel"),
            c("instrument_name", "char", "*", null, null, "meta.id;instr"),
            c("obs_release_date", "char", "*", "timestamp", null, "time.release")));

    public static final TableMeta DIDS = new TableMeta("rucio", "dids", List.of(
            c("scope", "char", "*", null, null, "meta.id"),
            c("name", "char", "*", null, null, "meta.id"),
            c("did_type", "char", "*", null, null, "meta.code"),
            c("bytes", "long", null, null, "byte", "phys.size;meta.file"),
            c("obs_id", "char", "*", null, null, "meta.id")), "Rucio data identifiers", "rucio", "dids");

    public static final TableMeta TAP_COLUMNS = new TableMeta("TAP_SCHEMA", "columns", List.of(
            c("table_name", "char", "*", null, null, null),
            c("column_name", "char", "*", null, null, null),
            c("datatype", "char", "*", null, null, null),
            c("size", "int", null, null, null, null).withDbName("size"),
            c("unit", "char", "*", null, null, null)), "columns", "tap_schema", "columns");

    public static final FunctionMeta RUCIO_DID = FunctionMeta.parseForm(
            "rucio_did(scope VARCHAR, name VARCHAR) -> VARCHAR", "concat($1, ':', $2)", "the Rucio DID scope:name");

    public static final Metadata METADATA = new InMemoryMetadata(List.of(OBSCORE, DIDS, TAP_COLUMNS), List.of(RUCIO_DID));

    /** A catalogue whose footprint column is one spoly column ({@code footprint}), with an spoint column {@code pos}. */
    public static final TableMeta FIELDS = TableMeta.of("lofar", "fields", List.of(
            c("field_id", "char", "*", null, null, "meta.id"),
            c("pos", "double", "2", "point", "deg", "pos.eq"),
            c("footprint", "char", "*", "adql:region", "deg", "pos.outline")));

    public static final Metadata WITH_FIELDS = new InMemoryMetadata(List.of(OBSCORE, DIDS, TAP_COLUMNS, FIELDS), List.of(RUCIO_DID));

    public static final UploadTable TARGETS = new UploadTable("targets", List.of(
            c("name", "char", "*", null, null, "meta.id"),
            c("ra", "double", null, null, "deg", "pos.eq.ra"),
            c("dec", "double", null, null, "deg", "pos.eq.dec")), "tap_upload", "job_42_targets");

    public static final Map<String, UploadTable> UPLOADS = Map.of("targets", TARGETS);
}
