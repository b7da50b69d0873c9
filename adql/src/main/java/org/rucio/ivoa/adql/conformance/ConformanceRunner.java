package org.rucio.ivoa.adql.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.parse.Parser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Runs the IVOA lyonetia ADQL test files (XML: {@code <query uuid><adql valid="true|false">...})
 * through the parser. A query passes when the parser accepts a valid query or rejects an invalid one.
 * Functions declared in a file's {@code <functions><function><form>} count as known for that file.
 */
public final class ConformanceRunner {
    private static final Pattern FORM_NAME = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\(");

    private ConformanceRunner() { }

    /** One query whose outcome differed from the expectation. */
    public record Failure(String file, String uuid, boolean expectedValid, boolean gotValid, String message, String adql) {}

    /** Counts for one file. */
    public record FileResult(String file, int passed, int failed) {}

    /** The whole run. */
    public record ConformanceReport(List<FileResult> files, List<Failure> failures) {
        public ConformanceReport {
            files = List.copyOf(files);
            failures = List.copyOf(failures);
        }

        public int passed() { return files.stream().mapToInt(FileResult::passed).sum(); }

        public int failed() { return files.stream().mapToInt(FileResult::failed).sum(); }

        public int total() { return passed() + failed(); }

        /** Per-file counts, each failure, and the total line {@code N passed, M failed}. */
        public void print(PrintStream out) {
            for (FileResult f : files) {
                out.printf(Locale.ROOT, "%-45s %3d passed, %d failed%n", f.file(), f.passed(), f.failed());
            }
            for (Failure f : failures) {
                out.printf(Locale.ROOT, "FAIL %s %s: expected %s, got %s%s%n    %s%n", f.file(), f.uuid(),
                        f.expectedValid() ? "valid" : "invalid", f.gotValid() ? "valid" : "invalid",
                        f.message() == null ? "" : " (" + f.message() + ")", f.adql().strip().replaceAll("\\s+", " "));
            }
            out.println(passed() + " passed, " + failed() + " failed");
        }
    }

    /** Runs every {@code *.xml} file of {@code dir} (sorted by name). */
    public static ConformanceReport run(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("not a directory: " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        List<FileResult> results = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (Path f : files) {
            results.add(runFile(f, failures));
        }
        return new ConformanceReport(results, failures);
    }

    private static FileResult runFile(Path file, List<Failure> failures) throws IOException {
        Document doc = read(file);
        Set<String> udfs = new HashSet<>();
        NodeList forms = doc.getElementsByTagName("form");
        for (int i = 0; i < forms.getLength(); i++) {
            Matcher m = FORM_NAME.matcher(forms.item(i).getTextContent());
            if (m.find()) udfs.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        String name = file.getFileName().toString();
        int passed = 0;
        int failed = 0;
        NodeList queries = doc.getElementsByTagName("query");
        for (int i = 0; i < queries.getLength(); i++) {
            Element q = (Element) queries.item(i);
            NodeList adqls = q.getElementsByTagName("adql");
            if (adqls.getLength() == 0) continue;
            Element adql = (Element) adqls.item(0);
            boolean expected = Boolean.parseBoolean(adql.getAttribute("valid").strip());
            String text = adql.getTextContent();
            String message = null;
            boolean got;
            try {
                Parser.parse(text, n -> udfs.contains(n.toLowerCase(Locale.ROOT)));
                got = true;
            } catch (AdqlException e) {
                got = false;
                message = e.getMessage();
            } catch (RuntimeException e) {
                got = false;
                message = "internal error: " + e;
            }
            if (got == expected && (message == null || !message.startsWith("internal error"))) {
                passed++;
            } else {
                failed++;
                failures.add(new Failure(name, q.getAttribute("uuid"), expected, got, message, text));
            }
        }
        return new FileResult(name, passed, failed);
    }

    private static Document read(Path file) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            try (InputStream in = Files.newInputStream(file)) {
                return b.parse(in);
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code java ... ConformanceRunner DIR}: prints the report; exit status 1 when anything failed. */
    public static void main(String[] args) throws IOException {
        ConformanceReport r = run(Path.of(args.length > 0 ? args[0] : "."));
        r.print(System.out);
        if (r.failed() > 0) System.exit(1);
    }
}
