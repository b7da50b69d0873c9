package org.rucio.ivoa.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * DALI request parameters, in the order sent: the query string, then a form-encoded or multipart body; and
 * the files of a multipart body (parts with a file name, or any part larger than a parameter can be), which
 * {@code UPLOAD=name,param:part} refers to.
 */
final class RequestParameters {

    /** The largest form body, and the largest multipart part that is taken as a parameter value. */
    static final int MAX_FORM = 1_000_000;

    /** Where large multipart parts wait while a request is read (deleted with the request's parts). */
    private static final Path SPOOL;

    static {
        try {
            SPOOL = Files.createTempDirectory("rucio-ivoa-uploads");
            SPOOL.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for uploads", e);
        }
    }

    private RequestParameters() {
    }

    /** Where the parameters and files go. */
    interface Sink {
        void parameter(String name, String value);

        void file(String part, byte[] content);
    }

    /** A sink from two callbacks. */
    static Sink sink(BiConsumer<String, String> parameters, BiConsumer<String, byte[]> files) {
        return new Sink() {
            @Override
            public void parameter(String name, String value) {
                parameters.accept(name, value);
            }

            @Override
            public void file(String part, byte[] content) {
                files.accept(part, content);
            }
        };
    }

    /**
     * Hands every parameter and file to {@code sink}; {@code maxFiles} bounds the bytes of a multipart body
     * beyond {@link #MAX_FORM} (the upload limit). A body over its limit fails with an exception.
     */
    static void read(Request request, Sink sink, long maxFiles) throws Exception {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            for (Fields.Field f : Request.getParameters(request)) {
                for (String v : f.getValues()) sink.parameter(f.getName(), v);
            }
            return;
        }
        for (Fields.Field f : Request.extractQueryParameters(request)) {
            for (String v : f.getValues()) sink.parameter(f.getName(), v);
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(MultiPart.extractBoundary(type));
        long max = MAX_FORM + Math.max(0, maxFiles);
        parser.setMaxLength(max);
        parser.setMaxParts(100);
        parser.setUseFilesForPartsWithoutFileName(false);
        // a file part above 1 MB waits on disk until read, so that a large upload is in memory once, not twice
        parser.setFilesDirectory(SPOOL);
        parser.setMaxMemoryFileSize(MAX_FORM);
        try (MultiPartFormData.Parts parts = parser.parse(request).get()) {
            for (MultiPart.Part part : parts) {
                if (part.getFileName() == null && part.getLength() <= MAX_FORM) {
                    sink.parameter(part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
                } else {
                    ByteBuffer content = Content.Source.asByteBuffer(part.newContentSource());
                    byte[] bytes = new byte[content.remaining()];
                    content.get(bytes);
                    sink.file(part.getName(), bytes);
                }
            }
        }
    }
}
