package org.rucio.ivoa.tap.uws;

/** A UWS request that cannot be honoured: 400 bad value, 403 not allowed in the job's phase, 404 no such job. */
public final class UwsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public UwsException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
