package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which browser origins may read the service's answers. */
class CorsTest {

    @Test
    void anyOriginByDefault() {
        assertThat(Cors.parse("*").allow("https://aladin.example.org")).isEqualTo("*");
        assertThat(Cors.parse(null).allow(null)).isEqualTo("*");
    }

    @Test
    void aListAllowsExactlyItsOriginsEchoedBack() {
        Cors cors = Cors.parse("https://aladin.example.org, http://localhost:3000/");
        assertThat(cors.allow("https://aladin.example.org")).isEqualTo("https://aladin.example.org");
        assertThat(cors.allow("HTTPS://Aladin.Example.org")).isEqualTo("HTTPS://Aladin.Example.org");
        assertThat(cors.allow("http://localhost:3000")).isEqualTo("http://localhost:3000");
        assertThat(cors.allow("https://evil.example.org")).isNull();
        assertThat(cors.allow("https://aladin.example.org.evil.org")).isNull();
        assertThat(cors.allow(null)).isNull();
    }

    @Test
    void somethingThatIsNotAnOriginIsRefusedAtStartUp() {
        assertThatThrownBy(() -> Cors.parse("aladin.example.org")).hasMessageContaining("'aladin.example.org' is not an origin");
        assertThatThrownBy(() -> Cors.parse("https://a.org/path")).hasMessageContaining("no path");
    }
}
