package io.manimvideo.operator.metrics;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.manimvideo.api.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics: VideoJobs by phase, time spent in each phase, time from creation to the end
 * (Ready or Failed), and retries by cause. Phase entry times live in memory: after a restart the first
 * phase duration of a job is measured from the restart, which the metric tolerates.
 */
public class VideoJobMetrics {
    private record Seen(Phase phase, Instant since) {}

    private final MeterRegistry registry;
    private final Map<ResourceID, Seen> current = new ConcurrentHashMap<>();

    public VideoJobMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Phase phase : Phase.values()) {
            Gauge.builder(
                            "manimvideo_videojobs",
                            current,
                            m -> m.values().stream()
                                    .filter(s -> s.phase == phase)
                                    .count())
                    .description("VideoJobs known to this operator, by phase")
                    .tag("phase", phase.wireName())
                    .register(registry);
        }
    }

    /** The job is in {@code phase} as of {@code now}; records the time spent in the phase it leaves. */
    public void phase(ResourceID id, Phase phase, Instant now) {
        current.compute(id, (key, before) -> {
            if (before == null || before.phase == phase) {
                return before == null ? new Seen(phase, now) : before;
            }
            Timer.builder("manimvideo_phase_duration_seconds")
                    .description("Time VideoJobs spent in a phase before moving on")
                    .tag("phase", before.phase.wireName())
                    .register(registry)
                    .record(nonNegative(Duration.between(before.since, now)));
            return new Seen(phase, now);
        });
    }

    /** The job reached Ready or Failed, {@code total} after it was created. */
    public void finished(Phase outcome, Duration total) {
        Timer.builder("manimvideo_job_duration_seconds")
                .description("Time from VideoJob creation to Ready or Failed")
                .tag("outcome", outcome.wireName())
                .register(registry)
                .record(nonNegative(total));
    }

    /** A new attempt was started because the last one failed; cause is "code" or "infrastructure". */
    public void retry(String cause) {
        Counter.builder("manimvideo_retries_total")
                .description("Attempts started after a failed one, by who was to blame")
                .tag("cause", cause.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    public void forget(ResourceID id) {
        current.remove(id);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
