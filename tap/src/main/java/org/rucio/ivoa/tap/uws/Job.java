package org.rucio.ivoa.tap.uws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rucio.ivoa.tap.TapParams;

/**
 * One UWS job as stored: times are UTC instants (null when not reached), {@code executionDuration} in
 * seconds (0 = unlimited), parameters in the order given with lower-cased names.
 */
public record Job(String id, Phase phase, String ownerId, String runId, Instant creationTime, Instant startTime,
                  Instant endTime, int executionDuration, Instant destruction, Instant quote,
                  List<Parameter> parameters, String errorSummary, String errorType, String resultPath,
                  String resultType, Long resultSize, Long resultRows) {

    /** A job parameter: lower-cased name, value as sent. */
    public record Parameter(String name, String value) {}

    /**
     * The parameters as the TAP query pipeline reads them. A parameter POSTed again to {@code /parameters}
     * adds a value (TAP §5.1.2); for single-valued parameters the last value counts, UPLOAD keeps them all.
     */
    public TapParams tapParams() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            List<String> values = byName.computeIfAbsent(p.name(), n -> new ArrayList<>());
            if (!p.name().equals("upload")) values.clear();
            values.add(p.value());
        }
        TapParams p = new TapParams();
        byName.forEach((name, values) -> values.forEach(v -> p.add(name, v)));
        return p;
    }

    public boolean hasResult() {
        return phase == Phase.COMPLETED && resultPath != null;
    }
}
