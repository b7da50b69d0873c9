package org.rucio.ivoa.catalog.pg;

/** Something about the managed cluster went wrong; the message says what and what to do. */
public final class ManagedPostgresException extends RuntimeException {
    public ManagedPostgresException(String message) {
        super(message);
    }
}
