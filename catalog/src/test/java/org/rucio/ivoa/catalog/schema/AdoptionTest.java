package org.rucio.ivoa.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.sync.SyncOperations;
import org.rucio.ivoa.catalog.testing.RucioPlugin;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/** Migrating a database where Rucio already manages its metadata table (Rucio's defaults: public.dids). */
class AdoptionTest {

    @Test
    void adoptsTheTableRucioCreatedWithoutLosingARow() throws Exception {
        String url = TestPostgres.emptyDatabase("adopt");
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            // exactly what the plugin runs when postgres_table_is_managed = True, then some of its writes
            st.execute("CREATE TABLE IF NOT EXISTS \"dids\" (id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,"
                    + " vo varchar NOT NULL, scope varchar NOT NULL, name varchar NOT NULL,"
                    + " data jsonb DEFAULT '{}'::jsonb, UNIQUE (scope, name))");
            st.execute("INSERT INTO dids (scope, name, vo, data) SELECT 'old', 'f' || i, 'def',"
                    + " jsonb_build_object('obs_id', 'o' || i, 'obs_collection', 'MeerKAT', 'obs_publisher_did',"
                    + " 'ivo://x?' || i, 'calib_level', 2) FROM generate_series(1, 500) i");
        }
        DidTable publicDids = new DidTable("public", "dids");
        Migrations.migrate(url, publicDids, Migrations.DEFAULT_READER_ROLE);
        SyncOperations ops = new SyncOperations(url, publicDids);
        assertThat(ops.unsyncedCount()).isEqualTo(500);
        ops.resync(200, done -> { });
        assertThat(ops.status(3).published()).isEqualTo(500);
        try (RucioPlugin rucio = new RucioPlugin(url, "public", "def")) {
            rucio.setMetadata("old", "f1", "calib_level", "3");
            try (Statement st = rucio.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT calib_level, (SELECT count(*) FROM public.dids)"
                            + " FROM ivoa.obscore WHERE rucio_did_name = 'f1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(3);
                assertThat(rs.getLong(2)).isEqualTo(500);
            }
        }
        // a second migrate changes nothing
        assertThat(Migrations.migrate(url, publicDids, Migrations.DEFAULT_READER_ROLE).migrationsExecuted).isZero();
    }

    @Test
    void refusesATableWithoutTheUniqueKeyRucioUpsertsOn() throws Exception {
        String url = TestPostgres.emptyDatabase("adopt_bad");
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA rucio");
            st.execute("CREATE TABLE rucio.dids (vo varchar NOT NULL, scope varchar NOT NULL, name varchar NOT NULL,"
                    + " data jsonb)");
        }
        assertThatThrownBy(() -> Migrations.migrate(url, DidTable.DEFAULT, Migrations.DEFAULT_READER_ROLE))
                .hasMessageContaining("has no UNIQUE (scope, name) constraint");
    }

    @Test
    void readerRoleReadsPublishedTablesOnly() throws Exception {
        String url = TestPostgres.migratedDatabase("reader");
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL ROLE " + Migrations.DEFAULT_READER_ROLE);
            st.executeQuery("SELECT count(*) FROM ivoa.obscore").close();
            st.executeQuery("SELECT count(*) FROM tap_schema.columns").close();
            assertThatThrownBy(() -> st.executeQuery("SELECT count(*) FROM rucio.dids"))
                    .hasMessageContaining("permission denied");
            c.rollback();
        }
    }

    @Test
    void tapSchemaDescribesItselfAndObsCore() throws Exception {
        String url = TestPostgres.migratedDatabase("tapschema");
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, count(*) FROM tap_schema.columns GROUP BY 1 ORDER BY 1")) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString(1)).append('=').append(rs.getInt(2)).append(' ');
            }
            assertThat(sb.toString().trim()).isEqualTo("TAP_SCHEMA.columns=14 TAP_SCHEMA.key_columns=3"
                    + " TAP_SCHEMA.keys=5 TAP_SCHEMA.schemas=4 TAP_SCHEMA.tables=6 ivoa.obscore=62");
        }
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE"
                        + " table_schema = 'ivoa' AND table_name = 'obscore' AND column_name <> 's_region_circle'"
                        + " EXCEPT SELECT column_name FROM tap_schema.columns WHERE table_name = 'ivoa.obscore'")) {
            assertThat(rs.next()).as("every published database column is described in TAP_SCHEMA").isFalse();
        }
    }
}
