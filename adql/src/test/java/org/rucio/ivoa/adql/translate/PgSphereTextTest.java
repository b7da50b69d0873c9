package org.rucio.ivoa.adql.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgSphereTextTest {

    @Test
    void rendersAPointAsDaliArrayAndStcs() {
        assertThat(PgSphereText.toDali("(10.5d , -30d)")).isEqualTo("10.5 -30");
        assertThat(PgSphereText.toStcs("(10.5d , -30d)")).isEqualTo("POSITION ICRS 10.5 -30");
    }

    @Test
    void rendersACircle() {
        assertThat(PgSphereText.toDali("<(10d , -30d) , 1d>")).isEqualTo("10 -30 1");
        assertThat(PgSphereText.toStcs("<(202.48d , 47.23d) , 0.5d>")).isEqualTo("CIRCLE ICRS 202.48 47.23 0.5");
    }

    @Test
    void rendersAPolygon() {
        String lofarField = "{(10d , -30d),(11d , -30d),(11d , -29d)}";
        assertThat(PgSphereText.toDali(lofarField)).isEqualTo("10 -30 11 -30 11 -29");
        assertThat(PgSphereText.toStcs(lofarField)).isEqualTo("POLYGON ICRS 10 -30 11 -30 11 -29");
        assertThat(PgSphereText.parse(lofarField).shape()).isEqualTo(PgSphereText.Shape.POLYGON);
    }

    @Test
    void rendersABoxAsThePolygonOfItsCorners() {
        assertThat(PgSphereText.toStcs("((10d , -30d), (11d , -29d))")).isEqualTo("POLYGON ICRS 10 -30 11 -30 11 -29 10 -29");
    }

    @Test
    void readsRadiansWhenNoDegreeSuffixIsPresent() {
        assertThat(PgSphereText.parse("(3.14159265358979 , 0)").degrees()[0]).isCloseTo(180.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void readsExponentsAndNegativeZero() {
        assertThat(PgSphereText.toDali("(1e-05d , -0d)")).isEqualTo("0.00001 0");
    }

    @Test
    void rejectsSexagesimalOutput() {
        assertThatThrownBy(() -> PgSphereText.parse("(10h 30m 0s , +30d 0m 0s)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEG");
    }
}
