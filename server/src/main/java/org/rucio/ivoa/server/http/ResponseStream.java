package org.rucio.ivoa.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * A result's way into the HTTP response: bytes gather in a 64 kB buffer, which goes out when full (the
 * response then streams in chunks) and at {@link #close()}, which ends the response. A result that fits
 * the buffer (a cone search, say) leaves in one write with a Content-Length: no chunking, no extra write
 * for the end. {@link #flush()} does nothing: the writers flush when their document ends, and close follows.
 */
final class ResponseStream extends OutputStream {
    private final Response response;
    private final byte[] buffer = new byte[1 << 16];
    private int count;
    private boolean started;
    private boolean closed;

    ResponseStream(Response response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length) send(false);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == buffer.length) send(false);
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() {
        // see the class comment: the whole answer, or its last part, goes at close
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (!started) response.getHeaders().put(HttpHeader.CONTENT_LENGTH, count);
        send(true);
    }

    private void send(boolean last) throws IOException {
        started = true;
        try (Blocker.Callback done = Blocker.callback()) {
            response.write(last, ByteBuffer.wrap(buffer, 0, count), done);
            done.block();
        }
        count = 0;
    }
}
