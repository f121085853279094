package io.manimvideo.operator.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.manimvideo.api.CodeRef;
import io.manimvideo.api.ErrorInfo;
import io.manimvideo.api.MathVerified;
import io.manimvideo.api.Phase;
import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.api.VideoJob;
import io.manimvideo.api.VideoJobSpec;
import io.manimvideo.api.VideoJobStatus;
import io.manimvideo.api.workload.WorkloadResult;
import io.manimvideo.operator.config.OperatorConfig;
import io.manimvideo.operator.lifecycle.LifecyclePolicy;
import io.manimvideo.operator.metrics.VideoJobMetrics;
import io.manimvideo.operator.outcome.JobOutcome;
import io.manimvideo.operator.outcome.JobOutcome.Verdict;
import io.manimvideo.operator.outcome.JobOutcomeReader;
import io.manimvideo.operator.outcome.JobState;
import io.manimvideo.operator.queue.RenderQueue;
import io.manimvideo.operator.status.PhaseTransitions;
import io.manimvideo.operator.storage.ArtifactStore;
import io.manimvideo.operator.storage.StorageLayout;
import io.manimvideo.operator.workload.CodegenJobFactory;
import io.manimvideo.operator.workload.RenderJobFactory;
import io.manimvideo.operator.workload.RenderProgress;
import io.manimvideo.operator.workload.Workload;
import io.manimvideo.operator.workload.Workload.ChildJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Drives a VideoJob that is Queued or working: starts the child Job named by {@code status.activeJob}
 * (when a render slot is free), follows it while it runs and turns its outcome into the next step:
 * render after codegen, a repair attempt after code the render rejected, the same step again after an
 * infrastructure failure, or Ready / Failed. Every step is derived from status and the Job cache, so a
 * restart anywhere continues without a second Job or upload.
 */
class WorkDriver {
  /** How soon the next phase follows a render stage recorded after the fact. */
  private static final Duration MISSED_STAGE_DELAY = Duration.ofMillis(50);

  private final OperatorConfig config;
  private final ArtifactStore store;
  private final RenderJobFactory renderJobs;
  private final CodegenJobFactory codegenJobs;
  private final JobOutcomeReader outcomes;
  private final RenderQueue queue;
  private final LifecyclePolicy lifecycle;
  private final VideoJobMetrics metrics;
  private final ChildJobClient jobs;

  WorkDriver(OperatorConfig config, ArtifactStore store, RenderJobFactory renderJobs, CodegenJobFactory codegenJobs,
      JobOutcomeReader outcomes, RenderQueue queue, LifecyclePolicy lifecycle, VideoJobMetrics metrics,
      ChildJobClient jobs) {
    this.config = config;
    this.store = store;
    this.renderJobs = renderJobs;
    this.codegenJobs = codegenJobs;
    this.outcomes = outcomes;
    this.queue = queue;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.jobs = jobs;
  }

  /**
   * First sight of a VideoJob: its storage prefix, and Queued for its first child Job, or Failed at once when
   * this version cannot act on its spec ({@link SpecCheck}).
   */
  void initialize(VideoJob vj, PhaseTransitions t) {
    VideoJobStatus s = t.status();
    s.setCreatedAt(t.now().toString());
    s.setStoragePrefix(StorageLayout.of(vj).prefix());
    s.setAttempts(0);
    Optional<String> unsupported = SpecCheck.problem(vj.getSpec());
    if (unsupported.isPresent()) {
      lifecycle.fail(t, new ErrorInfo(SpecCheck.REASON, unsupported.get(), null, null, 0));
      afterFinish(vj, t);
      return;
    }
    Workload first = vj.getSpec().getSubmissionType() == SubmissionType.PROBLEM ? Workload.CODEGEN : Workload.RENDER;
    s.setActiveJob(first.jobName(vj.getMetadata().getName(), 1));
    lifecycle.startQueuedClock(t);
    t.enter(Phase.QUEUED, "Accepted; waiting to start.");
  }

  /** Takes the job one step on; returns when to look again. */
  Duration drive(VideoJob vj, Context<VideoJob> ctx, PhaseTransitions t) {
    VideoJobStatus s = t.status();
    adoptNewest(vj, ctx, s);
    Optional<ChildJob> parsed = Workload.parseName(vj.getMetadata().getName(), s.getActiveJob());
    if (parsed.isEmpty()) {
      lifecycle.fail(t, new ErrorInfo(JobOutcome.INFRASTRUCTURE,
          "The operator lost track of this job's step; please submit it again.", null, null, s.getAttempts()));
      return afterFinish(vj, t);
    }
    ChildJob step = parsed.get();
    Optional<Job> job = jobs.find(vj, ctx, step.name(), s.getPhase().isActive());
    if (job.isEmpty()) {
      if (s.getPhase().isActive()) {
        return onOutcome(vj, ctx, t, step, JobOutcome.infrastructure(JobOutcome.INFRASTRUCTURE,
            "The " + step.workload().label() + " Job disappeared before it finished; retrying."));
      }
      return start(vj, ctx, t, step);
    }
    if (!JobState.isFinished(job.get())) {
      return running(vj, t, step);
    }
    return onOutcome(vj, ctx, t, step, outcomes.read(job.get(), step.workload()));
  }

  /** A status written before a restart may trail the Jobs: the newest owned Job is the current step. */
  private static void adoptNewest(VideoJob vj, Context<VideoJob> ctx, VideoJobStatus s) {
    Optional<ChildJob> newest = ctx.getSecondaryResourcesAsStream(Job.class).map(Workload::of)
        .flatMap(Optional::stream).max(Workload.ORDER);
    Optional<ChildJob> current = Workload.parseName(vj.getMetadata().getName(), s.getActiveJob());
    if (newest.isPresent() && (current.isEmpty() || Workload.ORDER.compare(newest.get(), current.get()) > 0)) {
      s.setActiveJob(newest.get().name());
    }
  }

  private Duration start(VideoJob vj, Context<VideoJob> ctx, PhaseTransitions t, ChildJob step) {
    VideoJobStatus s = t.status();
    if (lifecycle.queuedTooLong(t)) {
      ErrorInfo timeout = new ErrorInfo("QueueTimeout", "The job waited longer than "
          + config.lifetimes().queued() + " to start; please try again later.", null, null, s.getAttempts());
      if (LayoutRepair.held(s)) {
        return deliverKept(vj, t, timeout);
      }
      lifecycle.fail(t, timeout);
      return afterFinish(vj, t);
    }
    if (step.workload() == Workload.CODEGEN) {
      jobs.create(vj, codegenJobs.create(vj, step.attempt(), repairFor(s, step)));
      markStarted(t, step);
      return config.lifecycleCheckInterval();
    }
    if (s.getCode() == null && vj.getSpec().getSubmissionType() == SubmissionType.DIRECT_CODE) {
      s.setCode(storeDirectCode(vj.getSpec(), new StorageLayout(s.getStoragePrefix()).code(step.attempt())));
    } else if (s.getCode() == null) {
      // a problem whose status lost the code reference (restart with a stale status): write new code
      if (step.attempt() >= VideoJobStatus.MAX_ATTEMPTS) {
        lifecycle.fail(t, new ErrorInfo(JobOutcome.INFRASTRUCTURE, "The generated code was lost; please submit "
            + "the problem again.", null, null, step.attempt()));
        return afterFinish(vj, t);
      }
      return queueAndStart(vj, ctx, t, Workload.CODEGEN.child(vj.getMetadata().getName(), step.attempt() + 1),
          "Writing the animation code again.");
    }
    RenderQueue.Admission admission = queue.admit(queue.entryOf(vj), step.name());
    if (!admission.admitted()) {
      s.setQueuePosition(admission.position());
      t.enter(Phase.QUEUED, "Waiting for a render slot: position " + admission.position() + ".");
      return config.progressPollInterval();
    }
    try {
      jobs.create(vj, renderJobs.create(vj, step.attempt(), s.getCode().getObjectKey()));
    } catch (RuntimeException e) {
      queue.release(vj.getMetadata().getNamespace(), step.name());
      throw e;
    }
    markStarted(t, step);
    return config.progressPollInterval();
  }

  /** Direct code goes to storage once: a repeated reconcile finds the object and does not upload again. */
  private CodeRef storeDirectCode(VideoJobSpec spec, String key) {
    byte[] bytes = spec.getManimCode().getBytes(StandardCharsets.UTF_8);
    if (!store.exists(key)) {
      store.putText(key, spec.getManimCode(), "text/x-python; charset=utf-8");
    }
    return new CodeRef(CodeRef.Source.USER, sha256(bytes), key, (long) bytes.length);
  }

  private void markStarted(PhaseTransitions t, ChildJob step) {
    VideoJobStatus s = t.status();
    Phase phase = step.workload() == Workload.CODEGEN ? Phase.AI_GENERATING : Phase.CODE_VALIDATING;
    s.setAttempts(Math.max(s.getAttempts() == null ? 0 : s.getAttempts(), step.attempt()));
    s.setQueuePosition(null);
    s.setExpiresAt(null);
    if (s.getStartedAt() == null) {
      s.setStartedAt(t.now().toString());
    }
    if (step.workload() == Workload.RENDER) {
      s.setProgress(0);
    }
    t.enter(phase, phase == Phase.AI_GENERATING
        ? "Writing the animation code (attempt " + step.attempt() + ")."
        : "Checking the code (attempt " + step.attempt() + ").");
  }

  private Duration running(VideoJob vj, PhaseTransitions t, ChildJob step) {
    VideoJobStatus s = t.status();
    if (s.getPhase() == Phase.QUEUED) {
      queue.forget(queue.entryOf(vj));
      markStarted(t, step); // adopted after a restart
    }
    if (step.workload() == Workload.CODEGEN) {
      return config.lifecycleCheckInterval();
    }
    String key = new StorageLayout(s.getStoragePrefix()).progress(step.attempt());
    store.readText(key).flatMap(RenderProgress::parse).ifPresent(p -> {
      s.setProgress(p.percent());
      t.enter(p.phase(), switch (p.phase()) {
        case RENDERING -> "Rendering: " + p.percent() + "%.";
        case UPLOADING -> "Uploading the video.";
        default -> "Checking the code (attempt " + step.attempt() + ").";
      });
    });
    return config.progressPollInterval();
  }

  private Duration onOutcome(VideoJob vj, Context<VideoJob> ctx, PhaseTransitions t, ChildJob step,
      JobOutcome outcome) {
    VideoJobStatus s = t.status();
    String name = vj.getMetadata().getName();
    if (outcome.verdict() == Verdict.SUCCEEDED && step.workload() == Workload.CODEGEN) {
      WorkloadResult r = outcome.result();
      String key = new StorageLayout(s.getStoragePrefix()).code(step.attempt());
      CodeRef.Source source = r.isDegraded() ? CodeRef.Source.DEGRADED
          : r.isOfflineExplanation() ? CodeRef.Source.EXPLAINER : CodeRef.Source.AI;
      s.setCode(new CodeRef(source, r.codeSha256(), key, r.codeSizeBytes()));
      s.setMathVerified(r.mathVerified() == null ? MathVerified.UNKNOWN : r.mathVerified());
      s.setAiProvider(r.provider());
      s.setAiModel(r.model());
      s.setGracefulDegradationUsed(r.isDegraded());
      s.setRepairs(r.repairs());
      return queueAndStart(vj, ctx, t, Workload.RENDER.child(name, step.attempt()),
          r.isDegraded() ? "No AI provider answered; rendering a plain presentation of the problem."
              : "The code is written; waiting for a render slot.");
    }
    if (outcome.verdict() == Verdict.SUCCEEDED && s.getPhase() != Phase.UPLOADING) {
      // a short render or a small upload can end between two progress reads: the stages it went through are
      // recorded one reconcile each, so that every phase is seen in order
      if (s.getPhase() == Phase.RENDERING) {
        t.enter(Phase.UPLOADING, "Uploading the video.");
      } else {
        s.setProgress(100);
        t.enter(Phase.RENDERING, "Rendering: 100%.");
      }
      return MISSED_STAGE_DELAY;
    }
    if (outcome.verdict() == Verdict.SUCCEEDED) {
      WorkloadResult r = outcome.result();
      s.setRenderDurationSeconds(r.renderSeconds());
      if (r.repairs() != null) {
        s.setRepairs(r.repairs());
      }
      Optional<ErrorInfo> layout = LayoutRepair.wanted(vj, s, step.attempt(), r);
      if (layout.isPresent()) {
        // the video stays in storage: the repair's render uploads over it only once it has rendered
        s.setVideo(videoFacts(vj, r));
        s.setLayoutWarnings(r.layout());
        s.setKeptVideoCode(s.getCode());
        s.setLastError(layout.get());
        metrics.retry("layout");
        return queueAndStart(vj, ctx, t, Workload.CODEGEN.child(name, step.attempt() + 1),
            "Text in the video is off the frame or on top of other text; asking the AI to fix the layout.");
      }
      return deliver(vj, t, videoFacts(vj, r), r.layout(), "Your video is ready.");
    }
    boolean codeBlamed = outcome.verdict() == Verdict.CODE_FAILURE;
    ErrorInfo error = new ErrorInfo(outcome.reason(), outcome.message(), outcome.line(), outcome.column(),
        step.attempt());
    if (LayoutRepair.held(s)) {
      return deliverKept(vj, t, error);
    }
    boolean directCode = vj.getSpec().getSubmissionType() == SubmissionType.DIRECT_CODE;
    if (codeBlamed && directCode) {
      lifecycle.fail(t, new ErrorInfo(error.getReason(), describe(error), error.getLine(), error.getColumn(),
          step.attempt()));
      return afterFinish(vj, t);
    }
    if (step.attempt() >= VideoJobStatus.MAX_ATTEMPTS) {
      lifecycle.fail(t, new ErrorInfo(error.getReason(), "Gave up after " + step.attempt() + " attempts. Last error: "
          + describe(error), error.getLine(), error.getColumn(), step.attempt()));
      return afterFinish(vj, t);
    }
    s.setLastError(error);
    metrics.retry(codeBlamed ? "code" : "infrastructure");
    ChildJob next = (codeBlamed ? Workload.CODEGEN : step.workload()).child(name, step.attempt() + 1);
    return queueAndStart(vj, ctx, t, next, codeBlamed
        ? "The code failed (" + describe(error) + "); asking the AI to fix it."
        : "Retrying: " + error.getMessage());
  }

  /** The layout repair failed: the video kept before it is delivered, with its code and warnings. */
  private Duration deliverKept(VideoJob vj, PhaseTransitions t, ErrorInfo error) {
    VideoJobStatus s = t.status();
    s.setCode(s.getKeptVideoCode());
    return deliver(vj, t, s.getVideo(), s.getLayoutWarnings(),
        "Your video is ready; fixing its layout did not work (" + describe(error) + ").");
  }

  /** Ready with this video; its layout warnings are named in the status message. */
  private Duration deliver(VideoJob vj, PhaseTransitions t, VideoFacts video, List<String> layoutWarnings,
      String message) {
    VideoJobStatus s = t.status();
    s.setKeptVideoCode(null);
    s.setLayoutWarnings(layoutWarnings);
    lifecycle.ready(t, video, LayoutRepair.readyMessage(message, layoutWarnings));
    metrics.finished(Phase.READY, Duration.between(Instant.parse(s.getCreatedAt()), t.now()));
    return afterFinish(vj, t);
  }

  private Duration queueAndStart(VideoJob vj, Context<VideoJob> ctx, PhaseTransitions t, ChildJob next,
      String message) {
    t.status().setActiveJob(next.name());
    lifecycle.startQueuedClock(t);
    t.enter(Phase.QUEUED, message);
    return start(vj, ctx, t, next);
  }

  /** A repair attempt is given the code that failed and why; retries after infrastructure failures are not. */
  private static CodegenJobFactory.Repair repairFor(VideoJobStatus s, ChildJob step) {
    ErrorInfo last = s.getLastError();
    if (step.attempt() == 1 || last == null
        || !(JobOutcome.blamesCode(last.getReason()) || LayoutRepair.REASON.equals(last.getReason()))) {
      return null;
    }
    String previousCode = s.getCode() != null ? s.getCode().getObjectKey()
        : new StorageLayout(s.getStoragePrefix()).code(step.attempt() - 1);
    return new CodegenJobFactory.Repair(previousCode, describe(last));
  }

  private Duration afterFinish(VideoJob vj, PhaseTransitions t) {
    queue.forget(queue.entryOf(vj));
    if (t.status().getPhase() == Phase.FAILED) {
      metrics.finished(Phase.FAILED, Duration.between(Instant.parse(t.status().getCreatedAt()), t.now()));
    }
    return LifecyclePolicy.until(Instant.parse(t.status().getExpiresAt()), t.now());
  }

  private static VideoFacts videoFacts(VideoJob vj, WorkloadResult r) {
    var options = vj.getSpec().getOptions();
    StorageLayout layout = new StorageLayout(vj.getStatus().getStoragePrefix());
    VideoFacts facts = new VideoFacts();
    facts.setObjectKey(layout.video(options.getFormat()));
    facts.setThumbnailKey(Boolean.TRUE.equals(r.thumbnail()) ? layout.thumbnail() : null);
    facts.setCaptionsKey(Boolean.TRUE.equals(r.captions()) ? layout.captions() : null);
    facts.setTranscriptKey(Boolean.TRUE.equals(r.captions()) ? layout.transcript() : null);
    facts.setNarrated(r.narrated());
    facts.setSizeBytes(r.sizeBytes());
    facts.setDurationSeconds(r.durationSeconds());
    facts.setFormat(options.getFormat());
    facts.setWidth(r.width() != null ? r.width() : options.getQuality().width());
    facts.setHeight(r.height() != null ? r.height() : options.getQuality().height());
    facts.setDeleted(false);
    return facts;
  }

  /** The error as the person reads it: with its line when known. */
  static String describe(ErrorInfo error) {
    return error.getLine() == null ? error.getMessage() : "Line " + error.getLine() + ": " + error.getMessage();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
