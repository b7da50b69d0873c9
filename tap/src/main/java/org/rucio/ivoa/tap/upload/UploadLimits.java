package org.rucio.ivoa.tap.upload;

import java.time.Duration;

/**
 * Bounds on TAP_UPLOAD tables: bytes of one request's uploads together, rows of one table, and how long
 * fetching a table from an http(s) URL may take. {@code urls}: whether http(s) uploads are allowed at all
 * (an operator may turn them off when the service can reach hosts its users should not).
 */
public record UploadLimits(long maxBytes, long maxRows, Duration fetchTimeout, boolean urls) {
    public UploadLimits {
        if (maxBytes < 0 || maxRows < 0) throw new IllegalArgumentException("upload limits must not be negative");
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("the upload fetch timeout must be positive");
        }
    }

    /** 16 MB and 100,000 rows: a source list for a cross-match, not a catalogue. */
    public static final UploadLimits DEFAULT = new UploadLimits(16_000_000, 100_000, Duration.ofSeconds(30), true);

    /** Uploads refused altogether. */
    public boolean disabled() {
        return maxBytes == 0 || maxRows == 0;
    }
}
