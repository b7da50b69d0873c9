package org.rucio.ivoa.server.http;

import org.rucio.ivoa.tap.write.Text;

/** The plain HTML page at {@code /} and {@code /tap}: what this service is and where its endpoints are. */
final class HomePage {
    private HomePage() { }

    static String html(String tapUrl) {
        String t = Text.xml(tapUrl);
        String example = "SELECT TOP 10 obs_id, s_ra, s_dec, s_region FROM ivoa.obscore";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>rucio-ivoa TAP service</title></head>
                <body>
                <h1>rucio-ivoa: Rucio data sets as an IVOA ObsCore table</h1>
                <p>This is a <a href="https://www.ivoa.net/documents/TAP/">TAP 1.1</a> service. It publishes the metadata
                Rucio keeps for its data identifiers as the ObsCore 1.1 table <code>ivoa.obscore</code> and answers
                ADQL 2.1 queries. Point pyvo, TOPCAT or astroquery at the TAP URL below.</p>
                <p>TAP URL: <code>%1$s</code></p>
                <h2>Endpoints</h2>
                <ul>
                <li><a href="%1$s/sync">%1$s/sync</a> &mdash; synchronous queries (GET or POST: LANG=ADQL, QUERY,
                MAXREC, RESPONSEFORMAT = votable, votable/b2, csv, tsv, json)</li>
                <li><a href="%1$s/async">%1$s/async</a> &mdash; asynchronous queries (UWS 1.1 jobs: POST the same
                parameters, then PHASE=RUN; results are kept for a while)</li>
                <li><a href="%1$s/tables">%1$s/tables</a> &mdash; the tables and their columns (VOSI)</li>
                <li><a href="%1$s/capabilities">%1$s/capabilities</a> &mdash; what the service supports (VOSI, TAPRegExt)</li>
                <li><a href="%1$s/availability">%1$s/availability</a> &mdash; whether it can answer queries now (VOSI)</li>
                <li><a href="%1$s/examples">%1$s/examples</a> &mdash; example ADQL queries for radio data (DALI examples)</li>
                </ul>
                <p>Table uploads are not offered yet.</p>
                <h2>Example</h2>
                <form action="%1$s/sync" method="post">
                <input type="hidden" name="LANG" value="ADQL">
                <textarea name="QUERY" rows="4" cols="80">%2$s</textarea><br>
                <select name="RESPONSEFORMAT"><option>votable</option><option>csv</option><option>tsv</option>
                <option>json</option><option>votable/b2</option></select>
                <input type="submit" value="Run">
                </form>
                </body>
                </html>
                """.formatted(t, Text.xml(example));
    }
}
