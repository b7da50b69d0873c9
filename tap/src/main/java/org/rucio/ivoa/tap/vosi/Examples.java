package org.rucio.ivoa.tap.vosi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rucio.ivoa.tap.write.Text;

/**
 * The DALI examples document of the TAP service ({@code /tap/examples}): XHTML with RDFa Lite markup
 * (vocabulary {@code http://www.ivoa.net/rdf/examples#}), one element per example with its id, name,
 * a short explanation, the ADQL query and the table it reads. The queries are ObsCore searches a radio
 * astronomer would start from; every one of them runs on this service (a test sends each to /tap/sync).
 */
public final class Examples {
    private Examples() { }

    public static final String STANDARD_ID = "ivo://ivoa.net/std/DALI#examples";
    public static final String CONTENT_TYPE = "application/xhtml+xml;charset=UTF-8";
    public static final String VOCABULARY = "http://www.ivoa.net/rdf/examples#";

    /** One example: {@code id} is its fragment identifier, {@code explanation} plain text. */
    public record Example(String id, String name, String explanation, String query, String table) {
        public Example {
            if (!id.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("bad example id " + id);
        }
    }

    /** The examples in document order. */
    public static final List<Example> ALL = List.of(
            new Example("cone-centaurus-a", "Cone search around Centaurus A",
                    "Observations whose pointing centre lies within 5 degrees of the radio galaxy Centaurus A"
                            + " (NGC 5128, RA 201.365, Dec -43.019, ICRS). CONTAINS of a POINT in a CIRCLE is the"
                            + " classic cone search; the service answers it from a spatial index.",
                    """
                    SELECT obs_id, dataproduct_type, facility_name, instrument_name, s_ra, s_dec, s_fov, access_url
                    FROM ivoa.obscore
                    WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 201.365, -43.019, 5.0))""",
                    "ivoa.obscore"),
            new Example("footprint-circle", "Footprints overlapping a circle",
                    "Observations whose footprint (s_region: a primary beam circle or a mosaic polygon) overlaps a"
                            + " circle of 3 degrees radius around the Fornax cluster. Unlike a cone search on the"
                            + " pointing centre this also finds wide fields centred far away that still cover the"
                            + " region.",
                    """
                    SELECT obs_id, facility_name, dataproduct_type, s_ra, s_dec, s_region
                    FROM ivoa.obscore
                    WHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', 54.62, -35.45, 3.0))""",
                    "ivoa.obscore"),
            new Example("footprint-polygon", "Footprints overlapping a sky polygon",
                    "Observations whose footprint overlaps a 20 by 10 degree field given as a polygon"
                            + " (vertices RA, Dec in degrees, counter-clockwise as seen on the sky), for instance a"
                            + " survey tile or the outline of a mosaic you plan.",
                    """
                    SELECT obs_id, obs_collection, dataproduct_type, calib_level, s_region
                    FROM ivoa.obscore
                    WHERE 1 = INTERSECTS(s_region,
                                         POLYGON('ICRS', 40.0, -40.0, 60.0, -40.0, 60.0, -30.0, 40.0, -30.0))""",
                    "ivoa.obscore"),
            new Example("covers-hi-line", "Observations covering the 21 cm hydrogen line",
                    "ObsCore describes the spectral coverage as wavelengths in metres (em_min, em_max), also"
                            + " for radio data. To find observations covering a frequency f, convert it with"
                            + " lambda = c / f, where c = 299792458 m/s: the neutral hydrogen line at"
                            + " 1420.405752 MHz is 299792458 / 1420405752 = 0.21106114 m. An observation covers"
                            + " it when em_min <= lambda <= em_max. Note that the highest frequency gives em_min.",
                    """
                    SELECT obs_id, facility_name, instrument_name, dataproduct_type, em_min, em_max, em_xel
                    FROM ivoa.obscore
                    WHERE em_min <= 0.21106114 AND em_max >= 0.21106114""",
                    "ivoa.obscore"),
            new Example("time-window", "Observations during a time window (MJD)",
                    "Observations that overlap a time interval, given as Modified Julian Dates like t_min and"
                            + " t_max: here MJD 60000 to 60100 (2023-02-25 to 2023-06-05). An observation overlaps"
                            + " when it starts before the window ends and ends after the window starts.",
                    """
                    SELECT obs_id, facility_name, dataproduct_type, t_min, t_max, t_exptime
                    FROM ivoa.obscore
                    WHERE t_min <= 60100.0 AND t_max >= 60000.0
                    ORDER BY t_min""",
                    "ivoa.obscore"),
            new Example("counts-facility-level", "How many data sets per facility and calibration level",
                    "An overview of the holdings: the number of data sets for every telescope and calibration"
                            + " level (0 raw, 1 instrumental format, 2 calibrated, 3 and 4 derived products).",
                    """
                    SELECT facility_name, calib_level, COUNT(*) AS n
                    FROM ivoa.obscore
                    GROUP BY facility_name, calib_level
                    ORDER BY facility_name, calib_level""",
                    "ivoa.obscore"),
            new Example("ska-mid-visibilities-xx", "SKA-Mid visibilities with XX polarization",
                    "Visibility data sets of SKA-Mid that contain the XX correlation. pol_states lists the"
                            + " polarization states between slashes (for example /XX/YY/XY/YX/), so a LIKE pattern"
                            + " with the slashes matches one state exactly and not a part of another.",
                    """
                    SELECT obs_id, instrument_name, pol_states, pol_xel, em_min, em_max, access_url, access_estsize
                    FROM ivoa.obscore
                    WHERE facility_name = 'SKA-Mid'
                      AND dataproduct_type = 'visibility'
                      AND pol_states LIKE '%/XX/%'""",
                    "ivoa.obscore"),
            new Example("cubes-many-channels", "Spectral cubes with many channels",
                    "Image cubes with at least 4096 spectral channels (em_xel), finest spectral sampling"
                            + " first; em_res_power is the resolving power lambda / delta lambda.",
                    """
                    SELECT obs_id, facility_name, instrument_name, em_xel, em_res_power, em_min, em_max
                    FROM ivoa.obscore
                    WHERE dataproduct_type = 'cube' AND em_xel >= 4096
                    ORDER BY em_xel DESC, em_res_power DESC""",
                    "ivoa.obscore"),
            new Example("best-resolution-per-target", "Best spatial resolution per target",
                    "For every named target, the finest angular resolution (s_resolution, in arcseconds) of"
                            + " any observation of it and how many observations there are.",
                    """
                    SELECT target_name, MIN(s_resolution) AS best_resolution, COUNT(*) AS n_obs
                    FROM ivoa.obscore
                    WHERE target_name IS NOT NULL
                    GROUP BY target_name
                    ORDER BY best_resolution""",
                    "ivoa.obscore"),
            new Example("public-released-before", "Public data released before a date",
                    "Data sets that are public (data_rights) and whose proprietary period ended before"
                            + " 1 January 2024 (obs_release_date, an ISO 8601 timestamp in UTC).",
                    """
                    SELECT obs_id, facility_name, dataproduct_type, obs_release_date, data_rights, access_url
                    FROM ivoa.obscore
                    WHERE data_rights = 'public' AND obs_release_date < '2024-01-01T00:00:00'
                    ORDER BY obs_release_date""",
                    "ivoa.obscore"),
            new Example("nearest-to-calibrator", "Observations nearest to a calibrator",
                    "The 20 observations pointed closest to the flux calibrator PKS 1934-638 (RA 294.854,"
                            + " Dec -63.713), with their angular distance in degrees.",
                    """
                    SELECT TOP 20 obs_id, facility_name, dataproduct_type,
                           DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 294.854, -63.713)) AS dist
                    FROM ivoa.obscore
                    WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 294.854, -63.713, 15.0))
                    ORDER BY dist""",
                    "ivoa.obscore"),
            new Example("obscore-columns", "The columns of ivoa.obscore with units and UCDs",
                    "TAP_SCHEMA describes every published column; this lists those of the ObsCore table in"
                            + " their declared order with datatype, unit, UCD and ObsCore utype.",
                    """
                    SELECT column_name, datatype, unit, ucd, utype, description
                    FROM TAP_SCHEMA.columns
                    WHERE table_name = 'ivoa.obscore'
                    ORDER BY column_index""",
                    "TAP_SCHEMA.columns"),
            new Example("rucio-dids", "Rucio data identifiers of the ObsCore records",
                    "Each ObsCore record comes from one Rucio DID (scope and name); with them the data can be"
                            + " fetched with the Rucio client. This is the query of the original Rucio"
                            + " integration.",
                    "select rucio_did_scope, rucio_did_name, obs_id, calib_level from ivoa.obscore",
                    "ivoa.obscore"));

    /** The XHTML document (well-formed XML, no script or style needed to read the markup). */
    public static byte[] document(String tapUrl) {
        StringBuilder sb = new StringBuilder(16384);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n")
                .append("<head>\n<title>rucio-ivoa TAP: example queries</title>\n</head>\n")
                .append("<body vocab=\"").append(VOCABULARY).append("\">\n")
                .append("<h1>Example queries</h1>\n")
                .append("<p>ADQL queries for the ObsCore 1.1 table <code>ivoa.obscore</code> of this TAP service (")
                .append(Text.xml(tapUrl)).append("). Send them with any TAP client, for example TOPCAT or pyvo,")
                .append(" or to <code>").append(Text.xml(tapUrl)).append("/sync</code> with LANG=ADQL. Positions")
                .append(" and sizes are in degrees (ICRS), times in MJD, wavelengths in metres.</p>\n");
        sb.append("<ul>\n");
        for (Example e : ALL) {
            sb.append("<li><a href=\"#").append(e.id()).append("\">").append(Text.xml(e.name())).append("</a></li>\n");
        }
        sb.append("</ul>\n");
        for (Example e : ALL) {
            sb.append("<div id=\"").append(e.id()).append("\" resource=\"#").append(e.id())
                    .append("\" typeof=\"example\">\n")
                    .append("<h2 property=\"name\">").append(Text.xml(e.name())).append("</h2>\n")
                    .append("<p>").append(Text.xml(e.explanation())).append("</p>\n")
                    .append("<pre property=\"query\">").append(Text.xml(e.query())).append("</pre>\n")
                    .append("<p>Table: <span property=\"table\">").append(Text.xml(e.table())).append("</span></p>\n")
                    .append("</div>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
