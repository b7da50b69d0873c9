package org.rucio.ivoa.tap.write;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Text to UTF-8 bytes for one writer thread: characters gather in a StringBuilder and go out encoded in
 * chunks of about 32 kB. Unlike BufferedWriter over OutputStreamWriter it takes no lock per call, which the
 * CSV, TSV and JSON writers pay for every character they escape.
 */
final class Utf8Writer extends Writer {
    private static final int CHUNK = 1 << 15;
    private final OutputStream out;
    private final StringBuilder sb = new StringBuilder(CHUNK + 4096);

    Utf8Writer(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
        sb.append((char) c);
        if (sb.length() >= CHUNK) drain();
    }

    @Override
    public void write(String s) throws IOException {
        sb.append(s);
        if (sb.length() >= CHUNK) drain();
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        sb.append(s, off, off + len);
        if (sb.length() >= CHUNK) drain();
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        sb.append(c, off, len);
        if (sb.length() >= CHUNK) drain();
    }

    /** A double in Java's shortest round-trip form, without a String in between. */
    void write(double d) throws IOException {
        sb.append(d);
        if (sb.length() >= CHUNK) drain();
    }

    private void drain() throws IOException {
        // a surrogate pair must not be split between two chunks
        int n = sb.length();
        if (n > 0 && Character.isHighSurrogate(sb.charAt(n - 1))) n--;
        out.write(sb.substring(0, n).getBytes(StandardCharsets.UTF_8));
        sb.delete(0, n);
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
