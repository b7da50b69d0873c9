package org.rucio.ivoa.tap;

import java.nio.charset.StandardCharsets;
import org.rucio.ivoa.tap.write.Text;

/** The DALI error response: a VOTable whose results RESOURCE holds only {@code QUERY_STATUS=ERROR} and the message. */
public final class ErrorDocument {
    private ErrorDocument() { }

    public static final String CONTENT_TYPE = "application/x-votable+xml";

    public static byte[] of(String message) {
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n")
                .append("<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">");
        Text.xml(b, message, false);
        b.append("</INFO>\n</RESOURCE>\n</VOTABLE>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
