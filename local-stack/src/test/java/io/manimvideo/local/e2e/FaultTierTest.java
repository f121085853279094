package io.manimvideo.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.manimvideo.local.WebApiClient;
import io.manimvideo.local.e2e.FaultInjector.FaultEvent;
import io.manimvideo.local.e2e.FaultMessages.Sent;
import io.manimvideo.local.e2e.FaultOutcomes.Outcome;
import io.manimvideo.local.e2e.FaultOutcomes.Verdict;
import io.manimvideo.local.e2e.FaultSchedule.PlannedFault;
import io.manimvideo.local.e2e.FaultSchedule.PlannedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault tier: jobs in flight on the real local cluster (Telegram, WhatsApp and the web; Manim code and problems
 * through the fake AI) while a seeded schedule of faults strikes at random moments, then the checker
 * ({@link FaultOutcomes}) reads what each person received. Every accepted message must end in exactly one video or
 * one failure reply, with no child Job made twice and no video uploaded twice, and no VideoJob may stand still
 * unsettled for {@link #SETTLE_BOUND} after the last fault: a job still waiting its turn behind the render cap (its
 * queue position falling) is late, not stuck, and is waited for up to {@link #BACKLOG_BOUND}. Once every job has
 * settled and its VideoJob is deleted (as its TTL does), no object of it may be left in storage. The seed is printed; {@code -Dfaults.seed=<seed>} replays the schedule
 * ({@code faults.jobs}, {@code faults.rounds}, {@code faults.window} (seconds) size the run). The second test rolls a
 * Helm upgrade with changed configuration out while jobs run. Output: {@code target/e2e/faults.log}, the tables in
 * {@code target/e2e/faults-table.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("faults")
class FaultTierTest {
    static final Duration SETTLE_BOUND = Duration.ofMinutes(3);
    /** The longest wait for a backlog that still moves on after the last fault. */
    static final Duration BACKLOG_BOUND = Duration.ofMinutes(20);

    private static final long SEED = Long.getLong("faults.seed", new SecureRandom().nextLong() & 0xffffffffL);
    // the default size is meant for the README's test command (about 10 minutes): every fault once in 200 s among 40
    // jobs; the class's three tests passed three times in a row in 361-473 s on 2 cores at load average 3-101
    private static final int JOBS = Integer.getInteger("faults.jobs", 40);
    private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("faults.window", 200));
    private static final int UPGRADE_JOBS = Integer.getInteger("faults.upgradeJobs", 15);
    /** The upgrade run's messages are numbered from here: ids and chats of their own (Telegram's ids < 100000). */
    private static final int UPGRADE_FIRST_INDEX = 50_000;
    /** Two operators: a leader and a follower that takes over when the leader's pod is deleted. */
    private static final int OPERATOR_REPLICAS = 2;

    private static EndToEndStack e2e;
    private static WebApiClient web;
    private static JobTimeline timeline;
    private static Path tableFile;

    @BeforeAll
    static void startStack() throws Exception {
        e2e = EndToEndStack.start("faults", OPERATOR_REPLICAS, EndToEndStack.MAX_CONCURRENT_RENDERS);
        say("fault tier: seed " + SEED + " (replay: -Dfaults.seed=" + SEED + "), " + JOBS + " jobs, " + ROUNDS
                + " round(s) of faults in " + WINDOW.toSeconds() + " s");
        e2e.awaitIngress();
        web = new WebApiClient(e2e.webUrl());
        timeline = new JobTimeline(e2e);
        tableFile = e2e.projectDir.resolve("local-stack/target/e2e/faults-table.md");
        Files.writeString(tableFile, "");
    }

    @AfterAll
    static void stopStack() {
        if (timeline != null) {
            timeline.close();
        }
        if (e2e != null) {
            e2e.close();
        }
    }

    @Test
    @Order(1)
    void everyAcceptedMessageEndsInOneVideoOrOneFailureReplyWhateverFails() throws Exception {
        List<FaultKind> kinds = Arrays.stream(FaultKind.values())
                .filter(k -> k != FaultKind.HELM_UPGRADE)
                .toList();
        var schedule = FaultSchedule.plan(SEED, 0, JOBS, kinds, ROUNDS, WINDOW);
        schedule.faults()
                .forEach(f -> e2e.log(
                        "planned at " + f.at().toSeconds() + " s: " + f.kind().label()));
        runAndCheck("faults, seed " + SEED, schedule);
    }

    @Test
    @Order(2)
    void helmUpgradeWithChangedConfigurationWhileJobsRunLosesNothing() throws Exception {
        var planned =
                FaultSchedule.plan(SEED + 1, UPGRADE_FIRST_INDEX, UPGRADE_JOBS, List.of(), 0, Duration.ofSeconds(60));
        // the upgrade starts while the first third of the messages are in flight and the rest are still coming
        var schedule = new FaultSchedule(
                planned.seed(),
                planned.messages(),
                List.of(new PlannedFault(Duration.ofSeconds(15), FaultKind.HELM_UPGRADE)));
        runAndCheck("helm upgrade, seed " + (SEED + 1), schedule);
    }

    @Test
    @Order(3)
    void onceTheJobsAreDeletedNoObjectOfThemIsLeftInStorage() throws Exception {
        var checker = new FaultOutcomes(e2e, timeline);
        int jobs = e2e.videoJobs().size();
        // what the TTLs do to every job in the end, done at once: delete the VideoJobs (their finalizer cleans up)
        e2e.stack
                .client()
                .resources(io.manimvideo.api.VideoJob.class)
                .inNamespace(io.manimvideo.local.LocalStack.NAMESPACE)
                .delete();
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        while (!e2e.videoJobs().isEmpty() && Instant.now().isBefore(until)) {
            Thread.sleep(2000);
        }
        List<String> orphans = checker.orphans();
        String line = "orphaned objects after deleting " + jobs + " VideoJobs: " + orphans.size()
                + (orphans.isEmpty() ? "" : ", e.g. " + orphans.subList(0, Math.min(5, orphans.size())));
        say(line);
        Files.writeString(tableFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(e2e.videoJobs())
                .as("VideoJobs left 5 min after their deletion")
                .isEmpty();
        assertThat(orphans).as("objects left in storage by deleted VideoJobs").isEmpty();
    }

    private void runAndCheck(String title, FaultSchedule schedule) throws Exception {
        var messages = new FaultMessages(e2e, web, schedule.seed(), FaultTierTest::say);
        var injector = new FaultInjector(e2e, schedule.seed(), FaultTierTest::say);
        List<FaultEvent> events = new CopyOnWriteArrayList<>();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        ExecutorService strikers = Executors.newCachedThreadPool();
        List<Future<Sent>> sent = new ArrayList<>();
        List<Future<?>> struck = new ArrayList<>();
        Instant begin = Instant.now();
        try {
            for (PlannedMessage plan : schedule.messages()) {
                var future = new java.util.concurrent.CompletableFuture<Sent>();
                clock.schedule(
                        () -> senders.submit(() -> {
                            try {
                                future.complete(messages.send(plan));
                            } catch (Throwable e) {
                                future.completeExceptionally(e);
                            }
                        }),
                        plan.at().toMillis(),
                        TimeUnit.MILLISECONDS);
                sent.add(future);
            }
            for (PlannedFault fault : schedule.faults()) {
                var future = new java.util.concurrent.CompletableFuture<Void>();
                clock.schedule(
                        () -> strikers.submit(() -> {
                            try {
                                events.add(injector.strike(fault.kind()));
                                future.complete(null);
                            } catch (Exception e) {
                                // said, and the run goes on: the promise is judged on the messages, not the tool
                                say("fault " + fault.kind() + " could not be struck: " + e);
                                future.complete(null);
                            }
                        }),
                        fault.at().toMillis(),
                        TimeUnit.MILLISECONDS);
                struck.add(future);
            }
            List<Sent> all = new ArrayList<>();
            for (Future<Sent> future : sent) {
                all.add(future.get(30, TimeUnit.MINUTES));
            }
            for (Future<?> future : struck) {
                future.get(30, TimeUnit.MINUTES);
            }
            Instant faultsOver = Instant.now();
            say(title + ": every message sent and every fault over after "
                    + Duration.between(begin, faultsOver).toSeconds() + " s; waiting up to " + SETTLE_BOUND.toMinutes()
                    + " min for every job to settle");

            var checker = new FaultOutcomes(e2e, timeline);
            List<Verdict> verdicts = settle(checker, all, faultsOver);
            Thread.sleep(10_000); // a second video or reply, if one were coming, would have been sent by now
            verdicts = checker.judge(all);
            List<String> orphans = checker.orphans();
            String table = FaultOutcomes.table(verdicts, events, Instant.now());
            say(title + ", " + all.size() + " messages, settled "
                    + Duration.between(faultsOver, Instant.now()).toSeconds() + " s after the last fault:\n" + table);
            Files.writeString(
                    tableFile,
                    "## " + title + " (" + all.size() + " messages)\n\n" + table + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            say(title + ": objects of no VideoJob in storage: " + orphans.size()
                    + (orphans.isEmpty() ? "" : " " + orphans));
            verdicts.stream()
                    .filter(v -> !v.outcome().kept())
                    .forEach(v -> say("BROKEN " + v.message().marker() + " ("
                            + v.message().plan() + "): " + v.outcome().label + ": " + v.evidence()));
            assertThat(verdicts)
                    .as("every message accepted and ended in one video or one failure reply")
                    .allMatch(v -> v.outcome().kept(), "kept");
            assertThat(orphans).as("objects of no VideoJob").isEmpty();
            // each render pod lost right after its video was stored: that video delivered, not rendered again
            List<String> adopted = verdicts.stream()
                    .filter(Verdict::adopted)
                    .map(Verdict::videoJob)
                    .toList();
            say(title + ": adopted: " + adopted);
            for (var lost : injector.lostRenders()) {
                say(title + ": " + lost.videoJob() + " lost its render pod " + lost.pod() + " after storing its video; "
                        + (adopted.contains(lost.videoJob()) ? "the video was adopted" : "NOT adopted"));
            }
            assertThat(adopted)
                    .as("VideoJobs whose render pod was lost after storing the video, adopted")
                    .containsAll(injector.lostRenders().stream()
                            .map(RenderPodFaults.LostRender::videoJob)
                            .toList());
        } finally {
            clock.shutdownNow();
            senders.shutdownNow();
            strikers.shutdownNow();
        }
    }

    /**
     * The verdicts once none is unsettled, or once no unsettled VideoJob has moved on for {@link #SETTLE_BOUND}
     * (counted from the last fault at the earliest), or {@link #BACKLOG_BOUND} after the last fault.
     */
    private static List<Verdict> settle(FaultOutcomes checker, List<Sent> messages, Instant faultsOver)
            throws InterruptedException {
        while (true) {
            Instant deadline = faultsOver.plus(SETTLE_BOUND);
            try {
                for (var job : timeline.look()) {
                    Instant moved = timeline.movedAt(job.getMetadata().getName());
                    boolean open = job.getStatus() == null
                            || !JobTimeline.SETTLED.contains(job.getStatus().getPhase());
                    if (open && moved != null && moved.plus(SETTLE_BOUND).isAfter(deadline)) {
                        deadline = moved.plus(SETTLE_BOUND);
                    }
                }
            } catch (RuntimeException e) {
                // the API server is still coming back: the bound from the last fault holds
            }
            Instant cap = faultsOver.plus(BACKLOG_BOUND);
            deadline = deadline.isAfter(cap) ? cap : deadline;
            List<Verdict> verdicts;
            try {
                verdicts = checker.judge(messages);
            } catch (RuntimeException e) {
                verdicts = null; // the API server is still coming back
            }
            if (verdicts != null && verdicts.stream().noneMatch(v -> v.outcome() == Outcome.STUCK)) {
                return verdicts;
            }
            if (Instant.now().isAfter(deadline)) {
                return verdicts == null ? checker.judge(messages) : verdicts;
            }
            Thread.sleep(5000);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        if (e2e != null) {
            e2e.log(line);
        }
    }
}
