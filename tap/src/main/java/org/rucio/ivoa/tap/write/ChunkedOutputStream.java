package org.rucio.ivoa.tap.write;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffer in front of a stream for one writer thread: unlike {@link java.io.BufferedOutputStream} it takes
 * no lock per write, which BINARY2 pays for every value (a DataOutputStream writes each number separately).
 */
final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buffer;
    private int count;

    ChunkedOutputStream(OutputStream out, int size) {
        this.out = out;
        this.buffer = new byte[size];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length) drain();
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buffer.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (len > buffer.length - count) drain();
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
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
