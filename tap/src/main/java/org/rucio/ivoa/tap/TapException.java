package org.rucio.ivoa.tap;

/**
 * A failure to report to the client as a DALI error document: a message a person can act on and the
 * HTTP status that fits (400 bad input, 500 server fault, 503 database unavailable). Never carries a
 * stack trace or database-internal names in its message.
 */
public final class TapException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public TapException(int status, String message) {
        super(message);
        this.status = status;
    }

    public TapException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public static TapException badRequest(String message) {
        return new TapException(400, message);
    }

    public int status() {
        return status;
    }
}
