package org.rucio.ivoa.catalog.schema;

import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.BIGINT;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.DOUBLE;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.INTEGER;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.MJD;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.POL_STATES;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.REGION;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.TEXT;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.TIMESTAMP;
import static org.rucio.ivoa.catalog.schema.ObsCoreColumn.Kind.VOCABULARY;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every ObsCore 1.1 column (mandatory ones of table 1 in the standard's order, then the optional ones of
 * appendix B), declared once. Units, UCDs and utypes follow ObsCore 1.1 with its errata
 * (../shared/standards/ObsCore-1.1.md sections 3 and 4).
 */
public final class ObsCoreColumns {

    public static final String SCHEMA = "ivoa";
    public static final String TABLE = "obscore";
    public static final String QUALIFIED = SCHEMA + "." + TABLE;
    /** Extra columns that tie a row to its DID; together the primary key. */
    public static final String DID_SCOPE = "rucio_did_scope";
    public static final String DID_NAME = "rucio_did_name";

    private static final List<ObsCoreColumn> ALL = declare();

    private ObsCoreColumns() {
    }

    public static List<ObsCoreColumn> all() {
        return ALL;
    }

    public static List<ObsCoreColumn> mandatory() {
        return ALL.stream().filter(ObsCoreColumn::mandatory).toList();
    }

    public static Optional<ObsCoreColumn> named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static List<ObsCoreColumn> declare() {
        List<ObsCoreColumn> c = new ArrayList<>();
        // table 1: the mandatory columns (calib_level, obs_collection, obs_id, obs_publisher_did are NOT NULL)
        c.add(vocab("dataproduct_type", "meta.code.class", "ObsDataset.dataProductType",
                "Data product type: image, cube, spectrum, sed, timeseries, visibility, event or measurements",
                List.of("image", "cube", "spectrum", "sed", "timeseries", "visibility", "event",
                        "measurements")));
        c.add(new ObsCoreColumn("calib_level", INTEGER, true, null, "meta.code;obs.calib", "ObsDataset.calibLevel",
                "Calibration level: 0 raw, 1 instrumental in a standard format, 2 calibrated, 3 enhanced,"
                        + " 4 analysis product", true, true, 0, 0.0, true, 4.0, true, List.of()));
        c.add(text("obs_collection", true, null, "meta.id", "DataID.collection",
                "Name of the data collection", true, 256));
        c.add(text("obs_id", true, null, "meta.id", "DataID.observationID",
                "Observation identifier, shared by all products of one observation", true, 256));
        c.add(text("obs_publisher_did", true, null, "meta.ref.ivoid", "Curation.publisherDID",
                "IVOA dataset identifier assigned by the publisher", true, 512));
        c.add(text("access_url", false, null, "meta.ref.url", "Access.reference",
                "URL to download the data product or its DataLink document", false, 4096));
        c.add(text("access_format", false, null, "meta.code.mime", "Access.format",
                "MIME type of the resource at access_url", false, 256));
        c.add(num("access_estsize", BIGINT, "kbyte", "phys.size;meta.file", "Access.size",
                "Estimated size of the data product", false, 0.0, true, null, false));
        c.add(text("target_name", false, null, "meta.id;src", "Target.name",
                "Name of the observed target or field", true, 256));
        c.add(num("s_ra", DOUBLE, "deg", "pos.eq.ra", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1",
                "Right ascension of the centre of the observation (ICRS)", false, 0.0, true, 360.0, false));
        c.add(num("s_dec", DOUBLE, "deg", "pos.eq.dec", "Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2",
                "Declination of the centre of the observation (ICRS)", false, -90.0, true, 90.0, true));
        c.add(num("s_fov", DOUBLE, "deg", "phys.angSize;instr.fov", "Char.SpatialAxis.Coverage.Bounds.Extent.diameter",
                "Diameter of the region covered by the observation", false, 0.0, false, 180.0, false));
        c.add(new ObsCoreColumn("s_region", REGION, false, null, "pos.outline;obs.field",
                "Char.SpatialAxis.Coverage.Support.Area", "Sky footprint of the observation (ICRS)",
                true, true, 0, null, false, null, false, List.of()));
        c.add(num("s_resolution", DOUBLE, "arcsec", "pos.angResolution", "Char.SpatialAxis.Resolution.Refval.value",
                "Spatial resolution (FWHM of the PSF or synthesised beam)", false, 0.0, true, null, false));
        c.add(num("s_xel1", BIGINT, null, "meta.number", "Char.SpatialAxis.numBins1",
                "Number of elements along the first spatial axis (-1 if not pixelated)", false, -1.0, true, null, false));
        c.add(num("s_xel2", BIGINT, null, "meta.number", "Char.SpatialAxis.numBins2",
                "Number of elements along the second spatial axis (-1 if not pixelated)", false, -1.0, true, null, false));
        c.add(num("t_min", MJD, "d", "time.start;obs.exposure", "Char.TimeAxis.Coverage.Bounds.Limits.StartTime",
                "Start time of the observation (MJD)", true, -678575.0, true, 2973484.0, true));
        c.add(num("t_max", MJD, "d", "time.end;obs.exposure", "Char.TimeAxis.Coverage.Bounds.Limits.StopTime",
                "Stop time of the observation (MJD)", true, -678575.0, true, 2973484.0, true));
        c.add(num("t_exptime", DOUBLE, "s", "time.duration;obs.exposure", "Char.TimeAxis.Coverage.Support.Extent",
                "Total exposure time", false, 0.0, true, null, false));
        c.add(num("t_resolution", DOUBLE, "s", "time.resolution", "Char.TimeAxis.Resolution.Refval.value",
                "Temporal resolution (integration time)", false, 0.0, true, null, false));
        c.add(num("t_xel", BIGINT, null, "meta.number", "Char.TimeAxis.numBins",
                "Number of elements along the time axis", false, -1.0, true, null, false));
        c.add(num("em_min", DOUBLE, "m", "em.wl;stat.min", "Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit",
                "Shortest vacuum wavelength observed (radio: c / highest frequency)", true, 0.0, false, null, false));
        c.add(num("em_max", DOUBLE, "m", "em.wl;stat.max", "Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit",
                "Longest vacuum wavelength observed (radio: c / lowest frequency)", true, 0.0, false, null, false));
        c.add(num("em_res_power", DOUBLE, null, "spect.resolution", "Char.SpectralAxis.Resolution.ResolPower.refVal",
                "Spectral resolving power lambda / delta lambda", false, 0.0, false, null, false));
        c.add(num("em_xel", BIGINT, null, "meta.number", "Char.SpectralAxis.numBins",
                "Number of elements along the spectral axis (channels)", false, -1.0, true, null, false));
        c.add(text("o_ucd", false, null, "meta.ucd", "Char.ObservableAxis.ucd",
                "UCD of the observable (e.g. phot.flux.density)", false, 128));
        c.add(new ObsCoreColumn("pol_states", POL_STATES, false, null, "meta.code;phys.polarization",
                "Char.PolarizationAxis.stateList", "Polarization states present, e.g. /I/Q/U/V/ or /XX/YY/",
                false, true, 128, null, false, null, false, List.of()));
        c.add(num("pol_xel", BIGINT, null, "meta.number", "Char.PolarizationAxis.numBins",
                "Number of polarization states", false, 0.0, true, null, false));
        c.add(text("facility_name", false, null, "meta.id;instr.tel", "Provenance.ObsConfig.Facility.name",
                "Name of the facility (telescope) used", true, 256));
        c.add(text("instrument_name", false, null, "meta.id;instr", "Provenance.ObsConfig.Instrument.name",
                "Name of the instrument used", true, 256));

        if (c.size() != 30) {
            throw new IllegalStateException("ObsCore 1.1 table 1 has 30 columns, declared " + c.size());
        }
        // ObsCore appendix C: every column of table 1 is principal; the optional ones are not
        c.replaceAll(col -> col.withPrincipal(true));
        // appendix B: the optional columns, all published
        c.add(optText("dataproduct_subtype", "meta.code.class", "ObsDataset.dataProductSubtype",
                "Provider-specific data product subtype", 256));
        c.add(optText("target_class", "src.class", "Target.class", "Class of the target object", 256));
        c.add(opt(TIMESTAMP, "obs_creation_date", null, "time;meta.dataset", "DataID.date",
                "Date the dataset was created"));
        c.add(optText("obs_creator_name", "meta.id", "DataID.creator", "Name of the creator of the data", 256));
        c.add(optText("obs_creator_did", "meta.id", "DataID.creatorDID", "IVOA dataset identifier given by the creator",
                512));
        c.add(optText("obs_title", "meta.title;obs", "DataID.title", "Brief description of the dataset", 200));
        c.add(optText("publisher_id", "meta.ref.ivoid", "Curation.publisherID", "IVOA identifier of the publisher",
                512));
        c.add(optText("bib_reference", "meta.bib.bibcode", "Curation.reference", "Bibcode or URL of the reference paper", 512));
        c.add(vocab("data_rights", "meta.code", "Curation.rights", "Data access rights: public, secure or proprietary",
                List.of("public", "secure", "proprietary")));
        c.add(opt(TIMESTAMP, "obs_release_date", null, "time.release", "Curation.releaseDate",
                "Date the data became or become public"));
        c.add(optText("s_ucd", "meta.ucd", "Char.SpatialAxis.ucd", "UCD of the spatial axis", 128));
        c.add(optText("s_unit", "meta.unit", "Char.SpatialAxis.unit", "Unit of the spatial axis", 64));
        c.add(num("s_resolution_min", DOUBLE, "arcsec", "pos.angResolution;stat.min",
                "Char.SpatialAxis.Resolution.Bounds.Limits.LoLimit", "Best spatial resolution", false, 0.0, true, null,
                false));
        c.add(num("s_resolution_max", DOUBLE, "arcsec", "pos.angResolution;stat.max",
                "Char.SpatialAxis.Resolution.Bounds.Limits.HiLimit", "Worst spatial resolution", false, 0.0, true, null,
                false));
        c.add(num("s_pixel_scale", DOUBLE, "arcsec", "phys.angSize;instr.pixel",
                "Char.SpatialAxis.Sampling.RefVal.SamplingPeriod", "Angular size of a pixel", false, 0.0, false, null,
                false));
        c.add(vocab("s_calib_status", "meta.code.qual", "Char.SpatialAxis.calibrationStatus",
                "Calibration status of the spatial axis", List.of("uncalibrated", "raw", "calibrated")));
        c.add(num("s_stat_error", DOUBLE, "arcsec", "stat.error;pos.eq", "Char.SpatialAxis.Accuracy.StatError.Refval.value",
                "Astrometric precision", false, 0.0, true, null, false));
        c.add(vocab("t_calib_status", "meta.code.qual", "Char.TimeAxis.calibrationStatus",
                "Calibration status of the time axis", List.of("uncalibrated", "calibrated", "raw", "relative")));
        c.add(num("t_stat_error", DOUBLE, "s", "stat.error;time", "Char.TimeAxis.Accuracy.StatError.Refval.value",
                "Statistical error on time measurements", false, 0.0, true, null, false));
        c.add(optText("em_ucd", "meta.ucd", "Char.SpectralAxis.ucd", "UCD of the spectral axis (e.g. em.freq)", 128));
        c.add(optText("em_unit", "meta.unit", "Char.SpectralAxis.unit", "Unit of the spectral axis (e.g. Hz)", 64));
        c.add(vocab("em_calib_status", "meta.code.qual", "Char.SpectralAxis.calibrationStatus",
                "Calibration status of the spectral axis",
                List.of("uncalibrated", "calibrated", "relative", "absolute")));
        c.add(num("em_res_power_min", DOUBLE, null, "spect.resolution;stat.min",
                "Char.SpectralAxis.Resolution.ResolPower.LoLimit", "Lowest spectral resolving power", false, 0.0, false,
                null, false));
        c.add(num("em_res_power_max", DOUBLE, null, "spect.resolution;stat.max",
                "Char.SpectralAxis.Resolution.ResolPower.HiLimit", "Highest spectral resolving power", false, 0.0, false,
                null, false));
        c.add(num("em_resolution", DOUBLE, "m", "spect.resolution;stat.mean", "Char.SpectralAxis.Resolution.Refval.value",
                "Spectral resolution as a wavelength interval", false, 0.0, false, null, false));
        c.add(num("em_stat_error", DOUBLE, "m", "stat.error;em", "Char.SpectralAxis.Accuracy.StatError.Refval.value",
                "Statistical error on the spectral axis", false, 0.0, true, null, false));
        c.add(optText("o_unit", "meta.unit", "Char.ObservableAxis.unit", "Unit of the observable (e.g. Jy/beam)", 64));
        c.add(vocab("o_calib_status", "meta.code.qual", "Char.ObservableAxis.calibrationStatus",
                "Calibration status of the observable", List.of("absolute", "relative", "normalized", "any")));
        c.add(num("o_stat_error", DOUBLE, null, "stat.error", "Char.ObservableAxis.Accuracy.StatError.Refval.value",
                "Statistical error on the observable, in o_unit", false, 0.0, true, null, false));
        c.add(optText("proposal_id", "meta.id;obs.proposal", "Provenance.Proposal.identifier",
                "Identifier of the proposal the data were taken for", 256));
        return List.copyOf(c);
    }


    private static ObsCoreColumn text(String name, boolean mandatory, String unit, String ucd, String utype,
            String description, boolean indexed, int maxLength) {
        return new ObsCoreColumn(name, TEXT, mandatory, unit, ucd, utype, description, indexed, false, maxLength,
                null, false, null, false, List.of());
    }

    private static ObsCoreColumn optText(String name, String ucd, String utype, String description, int maxLength) {
        return new ObsCoreColumn(name, TEXT, false, null, ucd, utype, description, false, false, maxLength,
                null, false, null, false, List.of());
    }

    private static ObsCoreColumn opt(ObsCoreColumn.Kind kind, String name, String unit, String ucd, String utype,
            String description) {
        return new ObsCoreColumn(name, kind, false, unit, ucd, utype, description, false, false, 0,
                null, false, null, false, List.of());
    }

    private static ObsCoreColumn vocab(String name, String ucd, String utype, String description, List<String> words) {
        int longest = words.stream().mapToInt(String::length).max().orElse(0);
        return new ObsCoreColumn(name, VOCABULARY, false, null, ucd, utype, description,
                name.equals("dataproduct_type"), false, longest, null, false, null, false, words);
    }

    private static ObsCoreColumn num(String name, ObsCoreColumn.Kind kind, String unit, String ucd, String utype,
            String description, boolean indexed, Double min, boolean minInclusive, Double max, boolean maxInclusive) {
        return new ObsCoreColumn(name, kind, false, unit, ucd, utype, description, indexed, false, 0,
                min, minInclusive, max, maxInclusive, List.of());
    }
}
