package org.rucio.ivoa.tap.uws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import org.rucio.ivoa.tap.write.Text;

/**
 * The UWS 1.1 XML documents ({@code uws:jobs}, {@code uws:job}, {@code uws:results}, {@code uws:parameters})
 * in the element order of the UWS 1.1 schema; times as ISO 8601 UTC with {@code Z}.
 */
public final class UwsXml {
    private UwsXml() { }

    public static final String CONTENT_TYPE = "text/xml;charset=UTF-8";
    private static final String NS = " xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\""
            + " xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    /** A time as UWS writes it: {@code 2026-11-23T21:00:00.123Z}; the empty string for none. */
    public static String time(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** The job list; {@code listUrl} is the URL of {@code /async} (job URLs are {@code listUrl/id}). */
    public static byte[] jobs(List<JobStore.JobRef> jobs, String listUrl) {
        StringBuilder sb = new StringBuilder(256 + jobs.size() * 256)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<uws:jobs").append(NS).append(" version=\"1.1\">\n");
        for (JobStore.JobRef j : jobs) {
            sb.append("<uws:jobref id=\"").append(Text.xml(j.id())).append("\" xlink:href=\"")
                    .append(Text.xml(listUrl + "/" + j.id())).append("\">");
            sb.append("<uws:phase>").append(j.phase()).append("</uws:phase>");
            if (j.runId() != null) sb.append("<uws:runId>").append(Text.xml(j.runId())).append("</uws:runId>");
            owner(sb, j.ownerId());
            sb.append("<uws:creationTime>").append(time(j.creationTime())).append("</uws:creationTime>");
            sb.append("</uws:jobref>\n");
        }
        return bytes(sb.append("</uws:jobs>\n"));
    }

    /** The job document; {@code jobUrl} is the job's own URL. */
    public static byte[] job(Job j, String jobUrl) {
        StringBuilder sb = new StringBuilder(2048)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<uws:job").append(NS).append(" version=\"1.1\">\n");
        sb.append("<uws:jobId>").append(Text.xml(j.id())).append("</uws:jobId>\n");
        if (j.runId() != null) sb.append("<uws:runId>").append(Text.xml(j.runId())).append("</uws:runId>\n");
        owner(sb, j.ownerId());
        sb.append('\n');
        sb.append("<uws:phase>").append(j.phase()).append("</uws:phase>\n");
        nillable(sb, "quote", j.quote());
        sb.append("<uws:creationTime>").append(time(j.creationTime())).append("</uws:creationTime>\n");
        nillable(sb, "startTime", j.startTime());
        nillable(sb, "endTime", j.endTime());
        sb.append("<uws:executionDuration>").append(j.executionDuration()).append("</uws:executionDuration>\n");
        nillable(sb, "destruction", j.destruction());
        parameterList(sb, j);
        resultList(sb, j, jobUrl);
        if (j.phase() == Phase.ERROR && j.errorSummary() != null) {
            sb.append("<uws:errorSummary type=\"").append(j.errorType() == null ? "fatal" : j.errorType())
                    .append("\" hasDetail=\"true\"><uws:message>").append(Text.xml(j.errorSummary()))
                    .append("</uws:message></uws:errorSummary>\n");
        }
        return bytes(sb.append("</uws:job>\n"));
    }

    public static byte[] results(Job j, String jobUrl) {
        StringBuilder sb = new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        resultList(sb, j, jobUrl, NS);
        return bytes(sb);
    }

    public static byte[] parameters(Job j) {
        StringBuilder sb = new StringBuilder(1024).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        parameterList(sb, j, NS);
        return bytes(sb);
    }

    private static void parameterList(StringBuilder sb, Job j) {
        parameterList(sb, j, "");
    }

    private static void parameterList(StringBuilder sb, Job j, String ns) {
        sb.append("<uws:parameters").append(ns).append(">\n");
        // one element per name, as stored (lower case); taplint counts duplicates as an error, so a name
        // POSTed again shows its last value, which is also the one the query uses (see Job#tapParams)
        LinkedHashMap<String, String> byName = new LinkedHashMap<>();
        for (Job.Parameter p : j.parameters()) {
            byName.remove(p.name());
            byName.put(p.name(), p.value());
        }
        byName.forEach((name, value) -> sb.append("<uws:parameter id=\"").append(Text.xml(name)).append("\">")
                .append(Text.xml(value == null ? "" : value)).append("</uws:parameter>\n"));
        sb.append("</uws:parameters>\n");
    }

    private static void resultList(StringBuilder sb, Job j, String jobUrl) {
        resultList(sb, j, jobUrl, "");
    }

    private static void resultList(StringBuilder sb, Job j, String jobUrl, String ns) {
        sb.append("<uws:results").append(ns).append(">\n");
        if (j.hasResult()) {
            sb.append("<uws:result id=\"result\" xlink:href=\"").append(Text.xml(jobUrl + "/results/result")).append('"');
            if (j.resultSize() != null) sb.append(" size=\"").append(j.resultSize()).append('"');
            if (j.resultType() != null) sb.append(" mime-type=\"").append(Text.xml(j.resultType())).append('"');
            sb.append("/>\n");
        }
        sb.append("</uws:results>\n");
    }

    private static void owner(StringBuilder sb, String ownerId) {
        if (ownerId == null) {
            sb.append("<uws:ownerId xsi:nil=\"true\"/>");
        } else {
            sb.append("<uws:ownerId>").append(Text.xml(ownerId)).append("</uws:ownerId>");
        }
    }

    private static void nillable(StringBuilder sb, String name, Instant t) {
        if (t == null) {
            sb.append("<uws:").append(name).append(" xsi:nil=\"true\"/>\n");
        } else {
            sb.append("<uws:").append(name).append('>').append(time(t)).append("</uws:").append(name).append(">\n");
        }
    }

    private static byte[] bytes(StringBuilder sb) {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
