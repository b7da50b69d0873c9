package org.rucio.ivoa.adql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeaturesTest {
    @Test
    void declaresGeometryOptionalFeaturesAndTheMetadataUdfs() {
        assertThat(Features.of(ObsCoreFixture.METADATA))
                .extracting(Features.Feature::form)
                .contains("POINT", "CONTAINS", "DISTANCE", "ILIKE", "WITH", "IN_UNIT", "OFFSET", "COALESCE", "CAST", "UNION",
                        "rucio_did(scope VARCHAR, name VARCHAR) -> VARCHAR");
        assertThat(Features.of(ObsCoreFixture.METADATA)).filteredOn(f -> f.form().startsWith("rucio_did"))
                .extracting(Features.Feature::type).containsExactly("ivo://ivoa.net/std/TAPRegExt#features-udf");
    }
}
