package org.rucio.ivoa.tap.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.tap.TapException;
import org.rucio.ivoa.tap.TapParams;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.table.TableFormatException;
import uk.ac.starlink.util.ByteArrayDataSource;

/**
 * Reads the tables named by UPLOAD: the bytes from a request part or an http(s) URL (both within
 * {@link UploadLimits#maxBytes()} together), then the table with STIL (VOTable in any serialization —
 * TABLEDATA, BINARY, BINARY2, FITS — or CSV with a header line), then a type per column. Nothing touches
 * the database here.
 */
public final class UploadReader {
    private static final Pattern EXTERNAL_STREAM = Pattern.compile("<(\\w+:)?STREAM\\b[^>]*\\bhref\\s*=");
    private final UploadLimits limits;
    private final HttpClient http;

    public UploadReader(UploadLimits limits) {
        this.limits = limits;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(limits.fetchTimeout()).build();
    }

    public UploadLimits limits() {
        return limits;
    }

    /** The uploaded tables of a request, in UPLOAD order; empty when it has none. */
    public List<UploadedTable> read(TapParams p) throws TapException {
        List<UploadSpec> specs = UploadSpec.parse(p.all("UPLOAD"));
        if (specs.isEmpty()) return List.of();
        if (limits.disabled()) throw TapException.badRequest("this service does not accept table uploads (UPLOAD)");
        List<UploadedTable> tables = new ArrayList<>();
        long budget = limits.maxBytes();
        for (UploadSpec spec : specs) {
            byte[] bytes = spec.inline() ? inline(spec, p) : fetch(spec, budget);
            if (bytes.length > budget) throw tooLarge(spec);
            budget -= bytes.length;
            tables.add(parse(spec.name(), bytes));
        }
        return tables;
    }

    private byte[] inline(UploadSpec spec, TapParams p) throws TapException {
        byte[] bytes = p.file(spec.part());
        if (bytes == null) {
            throw TapException.badRequest("UPLOAD " + spec.name() + " refers to param:" + spec.part() + " but the request"
                    + " has no part '" + spec.part() + "'; send the table as a multipart/form-data part of that name"
                    + (p.files().isEmpty() ? "" : " (parts sent: " + String.join(", ", p.files().keySet()) + ")"));
        }
        return bytes;
    }

    private byte[] fetch(UploadSpec spec, long budget) throws TapException {
        if (!limits.urls()) {
            throw TapException.badRequest("UPLOAD " + spec.name() + ": this service does not fetch tables from URLs;"
                    + " send the table with the request (" + spec.name() + ",param:" + spec.name() + ")");
        }
        URI uri;
        try {
            uri = URI.create(spec.location());
        } catch (IllegalArgumentException e) {
            throw TapException.badRequest("UPLOAD " + spec.name() + ": '" + spec.location() + "' is not a valid URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(limits.fetchTimeout()).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw TapException.badRequest("UPLOAD " + spec.name() + ": fetching " + spec.location()
                            + " answered HTTP " + response.statusCode());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    if (out.size() > budget) throw tooLarge(spec);
                }
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw TapException.badRequest("UPLOAD " + spec.name() + ": could not fetch " + spec.location() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TapException.badRequest("UPLOAD " + spec.name() + ": fetching " + spec.location() + " was interrupted");
        }
    }

    private TapException tooLarge(UploadSpec spec) {
        return new TapException(413, "UPLOAD " + spec.name() + ": the uploaded tables exceed the limit of "
                + limits.maxBytes() + " bytes per request");
    }

    /** Reads one table; the name is only for messages and TAP_UPLOAD. */
    UploadedTable parse(String name, byte[] bytes) throws TapException {
        String format = format(bytes);
        if (format.equals("votable")) refuseExternalReferences(name, bytes);
        StarTableFactory factory = new StarTableFactory(false);
        // a large table's rows go to a temporary file rather than the heap (the service may hold several)
        factory.setStoragePolicy(bytes.length > 1_000_000 ? StoragePolicy.PREFER_DISK : StoragePolicy.PREFER_MEMORY);
        StarTable table;
        try {
            table = factory.makeStarTable(new ByteArrayDataSource(name, bytes), format);
        } catch (TableFormatException e) {
            throw TapException.badRequest("UPLOAD " + name + ": not a readable " + label(format) + " table: "
                    + message(e));
        } catch (IOException | RuntimeException e) {
            throw TapException.badRequest("UPLOAD " + name + ": the " + label(format) + " table could not be read: "
                    + message(e));
        }
        long rows = table.getRowCount();
        if (rows > limits.maxRows()) {
            throw new TapException(413, "UPLOAD " + name + " has " + rows + " rows; this service accepts at most "
                    + limits.maxRows() + " rows per uploaded table");
        }
        if (table.getColumnCount() == 0) throw TapException.badRequest("UPLOAD " + name + " has no columns");
        List<UploadColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < table.getColumnCount(); i++) {
            ColumnInfo info = table.getColumnInfo(i);
            String column = info.getName() == null || info.getName().isBlank() ? "col" + (i + 1) : info.getName().strip();
            if (!names.add(column.toLowerCase(Locale.ROOT))) {
                throw TapException.badRequest("UPLOAD " + name + ": two columns are named '" + column + "' (names are"
                        + " compared ignoring case, as in ADQL); rename one");
            }
            columns.add(column(name, column, info, i + 1));
        }
        return new UploadedTable(name, columns, table, rows);
    }

    private static UploadColumn column(String table, String name, ColumnInfo info, int position) throws TapException {
        Class<?> type = info.getContentClass();
        String xtype = info.getXtype() == null ? "" : info.getXtype().toLowerCase(Locale.ROOT).replaceFirst("^adql:", "");
        UploadColumn.Kind kind;
        String datatype;
        String arraysize = null;
        String outXtype = null;
        if (type.isArray() && (type == double[].class || type == float[].class)
                && (xtype.equals("point") || xtype.equals("circle") || xtype.equals("polygon"))) {
            kind = switch (xtype) {
                case "point" -> UploadColumn.Kind.POINT;
                case "circle" -> UploadColumn.Kind.CIRCLE;
                default -> UploadColumn.Kind.POLYGON;
            };
            datatype = "double";
            arraysize = switch (kind) {
                case POINT -> "2";
                case CIRCLE -> "3";
                default -> "*";
            };
            outXtype = xtype;
        } else if (type == short[].class || type == int[].class || type == long[].class || type == float[].class
                || type == double[].class) {
            // a numeric array: a one-dimensional PostgreSQL array (several dimensions come flattened)
            kind = type == short[].class ? UploadColumn.Kind.SHORT_ARRAY : type == int[].class ? UploadColumn.Kind.INT_ARRAY
                    : type == long[].class ? UploadColumn.Kind.LONG_ARRAY : type == float[].class
                    ? UploadColumn.Kind.FLOAT_ARRAY : UploadColumn.Kind.DOUBLE_ARRAY;
            datatype = switch (kind) {
                case SHORT_ARRAY -> "short";
                case INT_ARRAY -> "int";
                case LONG_ARRAY -> "long";
                case FLOAT_ARRAY -> "float";
                default -> "double";
            };
            int[] shape = info.getShape();
            arraysize = shape != null && shape.length == 1 && shape[0] > 0 ? Integer.toString(shape[0]) : "*";
            outXtype = info.getXtype();
        } else if (type == String.class && xtype.equals("timestamp")) {
            kind = UploadColumn.Kind.TIMESTAMP;
            datatype = "char";
            arraysize = "*";
            outXtype = "timestamp";
        } else if (type == Boolean.class) {
            kind = UploadColumn.Kind.BOOLEAN;
            datatype = "boolean";
        } else if (type == Byte.class || type == Short.class) {
            kind = UploadColumn.Kind.SHORT;
            datatype = "short";
        } else if (type == Integer.class) {
            kind = UploadColumn.Kind.INT;
            datatype = "int";
        } else if (type == Long.class) {
            kind = UploadColumn.Kind.LONG;
            datatype = "long";
        } else if (type == Float.class) {
            kind = UploadColumn.Kind.FLOAT;
            datatype = "float";
        } else if (type == Double.class) {
            kind = UploadColumn.Kind.DOUBLE;
            datatype = "double";
        } else if (type == String.class || type == Character.class) {
            kind = UploadColumn.Kind.TEXT;
            datatype = "char";
            // a single character stays one (taplint's upload round trip checks it)
            arraysize = type == Character.class ? null : "*";
        } else {
            throw TapException.badRequest("UPLOAD " + table + ": column '" + name + "' holds "
                    + (type.isArray() ? "arrays" : type.getSimpleName() + " values") + ", which cannot be uploaded; use"
                    + " numbers, booleans, text, timestamps, numeric arrays, or points, circles and polygons with the"
                    + " DALI xtypes point, circle, polygon");
        }
        ColumnMeta meta = new ColumnMeta(name, datatype, arraysize, outXtype, info.getUnitString(), info.getUCD(),
                info.getUtype(), info.getDescription(), false, true, false, "c" + position);
        return new UploadColumn(meta, kind);
    }

    /** VOTable (XML), FITS, or else CSV, from the first bytes: CSV cannot be told apart by STIL itself. */
    private static String format(byte[] bytes) {
        int i = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) i = 3;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
        if (i < bytes.length && bytes[i] == '<') return "votable";
        if (bytes.length >= 9 && new String(bytes, 0, 9, StandardCharsets.US_ASCII).equals("SIMPLE  =")) return "fits";
        return "csv";
    }

    private static String label(String format) {
        return switch (format) {
            case "votable" -> "VOTable";
            case "fits" -> "FITS";
            default -> "CSV (comma-separated, names in the first line)";
        };
    }

    /**
     * An uploaded VOTable must carry its data: a STREAM href or a DOCTYPE with entities would make the server
     * read files or URLs of the uploader's choosing and return them as table data.
     */
    private static void refuseExternalReferences(String name, byte[] bytes) throws TapException {
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        if (head.contains("<!DOCTYPE") || head.contains("<!ENTITY")) {
            throw TapException.badRequest("UPLOAD " + name + ": VOTables with a DOCTYPE are not accepted; remove the"
                    + " <!DOCTYPE ...> declaration (VOTable 1.1 and later need none)");
        }
        if (EXTERNAL_STREAM.matcher(head).find()) {
            throw TapException.badRequest("UPLOAD " + name + ": the VOTable refers to its data by STREAM href; send"
                    + " the data inside the document (TABLEDATA, or BINARY/BINARY2 with an inline STREAM)");
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
