package org.rucio.ivoa.tap.uws;

import java.util.Locale;
import java.util.Optional;

/** The UWS 1.1 execution phases (UWS §2.1.3). */
public enum Phase {
    PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED, UNKNOWN, HELD, SUSPENDED, ARCHIVED;

    /** Phases in which the job may still change by itself or be run: WAIT blocks only in these. */
    public boolean active() {
        return this == PENDING || this == QUEUED || this == EXECUTING;
    }

    /** Phases a job never leaves (except by destruction). */
    public boolean finished() {
        return this == COMPLETED || this == ERROR || this == ABORTED || this == ARCHIVED;
    }

    /** A phase word as a client writes it (any case, spaces ignored); empty when it is not one. */
    public static Optional<Phase> parse(String word) {
        if (word == null) return Optional.empty();
        try {
            return Optional.of(valueOf(word.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
