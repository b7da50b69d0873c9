package org.rucio.ivoa.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** DALI request parameters, in the order sent: the query string, then a form-encoded or multipart body. */
final class RequestParameters {

    /** The largest request body accepted. */
    static final int MAX_BODY = 1_000_000;

    private RequestParameters() {
    }

    /**
     * Hands every (name, value) to {@code sink}. A multipart part with a file name is an upload, passed as
     * ("UPLOAD", part name), so that the query road reports uploads as unsupported.
     */
    static void read(Request request, BiConsumer<String, String> sink) throws Exception {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            for (Fields.Field f : Request.getParameters(request)) {
                for (String v : f.getValues()) sink.accept(f.getName(), v);
            }
            return;
        }
        for (Fields.Field f : Request.extractQueryParameters(request)) {
            for (String v : f.getValues()) sink.accept(f.getName(), v);
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(MultiPart.extractBoundary(type));
        parser.setMaxLength(MAX_BODY);
        parser.setMaxParts(100);
        parser.setUseFilesForPartsWithoutFileName(false);
        parser.setMaxMemoryFileSize(MAX_BODY);
        try (MultiPartFormData.Parts parts = parser.parse(request).get()) {
            for (MultiPart.Part part : parts) {
                if (part.getFileName() == null) {
                    sink.accept(part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
                } else {
                    sink.accept("UPLOAD", part.getName());
                }
            }
        }
    }
}
