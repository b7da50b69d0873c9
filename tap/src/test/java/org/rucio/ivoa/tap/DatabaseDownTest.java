package org.rucio.ivoa.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;

/** With no database to talk to: availability says so, and a query is a 503 with nothing written. */
class DatabaseDownTest {

    private static QueryRunner runner() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {1}); // nothing listens on port 1
        ds.setDatabaseName("rucio");
        ds.setConnectTimeout(2);
        return new QueryRunner(ds, PublishedMetadata.declared(), QueryRunner.Limits.DEFAULT, QueryRunner.READER_ROLE);
    }

    @Test
    void availabilityIsFalseWithAReason() {
        QueryRunner.Availability a = runner().availability();
        assertThat(a.available()).isFalse();
        assertThat(a.note()).contains("database");
    }

    @Test
    void queriesFailWith503BeforeAnythingIsWritten() throws TapException {
        QueryRunner r = runner();
        TapQuery q = r.prepare(TapParams.of("LANG", "ADQL", "QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> r.run(q, f -> out)).isInstanceOfSatisfying(TapException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("try again later").doesNotContain("127.0.0.1");
        });
        assertThat(out.size()).isZero();
    }
}
