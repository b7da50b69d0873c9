package org.rucio.ivoa.adql;

import java.util.ArrayList;
import java.util.List;

import org.rucio.ivoa.adql.meta.FunctionMeta;
import org.rucio.ivoa.adql.meta.Metadata;

/**
 * What this engine implements, in TAPRegExt terms, for the TAP capabilities document: the language
 * versions and every optional feature, plus the metadata's user-defined functions.
 */
public final class Features {
    private Features() { }

    public static final String TAPREGEXT = "ivo://ivoa.net/std/TAPRegExt#";

    /** A language version as {@code <language><version ivo-id>}. */
    public record Version(String name, String ivoId) {}

    /** A {@code <languageFeatures type><feature><form>}. */
    public record Feature(String type, String form, String description) {}

    public static final List<Version> VERSIONS = List.of(
            new Version("2.1", "ivo://ivoa.net/std/ADQL#v2.1"),
            new Version("2.0", "ivo://ivoa.net/std/ADQL#v2.0"));

    private static final List<Feature> BUILT_IN = List.of(
            geo("POINT", null), geo("CIRCLE", null), geo("POLYGON", null),
            geo("BOX", "deprecated; literal arguments only"),
            geo("REGION", "simple STC-S shapes in ICRS: POSITION, CIRCLE, BOX, POLYGON"),
            geo("CENTROID", null), geo("AREA", null), geo("CONTAINS", null), geo("INTERSECTS", null),
            geo("DISTANCE", "both DISTANCE(p1, p2) and DISTANCE(ra1, dec1, ra2, dec2)"),
            geo("COORD1", null), geo("COORD2", null), geo("COORDSYS", "deprecated; ICRS unless given as a literal"),
            new Feature(TAPREGEXT + "features-adql-string", "LOWER", null),
            new Feature(TAPREGEXT + "features-adql-string", "UPPER", null),
            new Feature(TAPREGEXT + "features-adql-string", "ILIKE", null),
            new Feature(TAPREGEXT + "features-adql-sets", "UNION", null),
            new Feature(TAPREGEXT + "features-adql-sets", "EXCEPT", null),
            new Feature(TAPREGEXT + "features-adql-sets", "INTERSECT", null),
            new Feature(TAPREGEXT + "features-adql-common-table", "WITH", null),
            new Feature(TAPREGEXT + "features-adql-type", "CAST", null),
            new Feature(TAPREGEXT + "features-adql-unit", "IN_UNIT", "converts columns with a declared VOUnit"),
            new Feature(TAPREGEXT + "features-adql-offset", "OFFSET", null),
            new Feature(TAPREGEXT + "features-adql-conditional", "COALESCE", null));

    private static Feature geo(String form, String description) {
        return new Feature(TAPREGEXT + "features-adqlgeo", form, description);
    }

    /** Built-in optional features followed by one {@code features-udf} per declared function. */
    public static List<Feature> of(Metadata md) {
        List<Feature> out = new ArrayList<>(BUILT_IN);
        for (FunctionMeta f : md.functions()) out.add(new Feature(TAPREGEXT + "features-udf", f.form(), f.description()));
        return out;
    }
}
