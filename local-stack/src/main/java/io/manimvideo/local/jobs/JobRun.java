package io.manimvideo.local.jobs;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manimvideo.local.apiserver.PodLogs;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Job, run the way the job controller and the kubelet would: a Pod per try, the containers as local
 * processes, Pod and Job status written back, retries up to {@code backoffLimit}, the Job failed with
 * DeadlineExceeded when {@code activeDeadlineSeconds} passes, and deleted after
 * {@code ttlSecondsAfterFinished}. Supports the plain Job shape the operator creates: one completion, one pod
 * at a time.
 */
final class JobRun {
  private static final Logger LOG = Logger.getLogger(JobRun.class.getName());
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int DEFAULT_BACKOFF_LIMIT = 6;

  private final Job job;
  private final KubernetesClient client;
  private final ContainerLauncher launcher;
  private final StatusWriter status;
  private final PodLogs podLogs;
  private final Consumer<String> console;
  private final ScheduledExecutorService scheduler;
  private final LocalJobRunner.Settings settings;
  private final Clock clock;

  private volatile boolean cancelled;
  private volatile boolean deadlineExceeded;
  private volatile String currentPod;
  private final List<ContainerProcess> running = new ArrayList<>();
  private ScheduledFuture<?> deadline;

  JobRun(Job job, KubernetesClient client, ContainerLauncher launcher, StatusWriter status, PodLogs podLogs,
      Consumer<String> console, ScheduledExecutorService scheduler, LocalJobRunner.Settings settings, Clock clock) {
    this.job = job;
    this.client = client;
    this.launcher = launcher;
    this.status = status;
    this.podLogs = podLogs;
    this.console = console;
    this.scheduler = scheduler;
    this.settings = settings;
    this.clock = clock;
  }

  String namespace() {
    return job.getMetadata().getNamespace();
  }

  String name() {
    return job.getMetadata().getName();
  }

  /** Runs the Job to its end on the calling thread. */
  void run() {
    Instant start = now();
    status.job(namespace(), name(), s -> {
      s.setStartTime(format(start));
      s.setActive(0);
      return s;
    });
    Long activeDeadline = job.getSpec().getActiveDeadlineSeconds();
    if (activeDeadline != null) {
      deadline = scheduler.schedule(this::exceedDeadline, activeDeadline, TimeUnit.SECONDS);
    }
    int backoffLimit = job.getSpec().getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : job.getSpec().getBackoffLimit();
    int failed = 0;
    try {
      while (!cancelled) {
        boolean succeeded = runPod();
        if (cancelled) {
          return;
        }
        if (deadlineExceeded) {
          finish(failed + 1, false, "DeadlineExceeded", "Job was active longer than specified deadline");
          return;
        }
        if (succeeded) {
          finish(failed, true, "CompletionsReached", "Reached expected number of succeeded pods");
          return;
        }
        failed++;
        int failedSoFar = failed;
        if (failed > backoffLimit) {
          finish(failed, false, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
          return;
        }
        status.job(namespace(), name(), s -> {
          s.setFailed(failedSoFar);
          s.setActive(0);
          return s;
        });
        sleepBackoff(failed);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }

  /** The Job was deleted: stop its processes; nothing is written back. */
  void cancel() {
    cancelled = true;
    stopProcesses();
  }

  /** A pod of this Job was deleted: stop its processes; the Job counts the pod as failed. */
  void podDeleted(String podName) {
    if (podName.equals(currentPod)) {
      stopProcesses();
    }
  }

  private void exceedDeadline() {
    deadlineExceeded = true;
    stopProcesses();
  }

  private void stopProcesses() {
    List<ContainerProcess> processes;
    synchronized (running) {
      processes = List.copyOf(running);
    }
    long grace = job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() == null ? 30
        : job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    Duration wait = Duration.ofSeconds(Math.min(grace, settings.maxGracePeriod().toSeconds()));
    processes.forEach(p -> p.stop(wait));
  }

  /** Creates one pod, runs its containers, writes its status; true when every container exited 0. */
  private boolean runPod() throws InterruptedException {
    Pod pod = client.pods().inNamespace(namespace()).resource(newPod()).create();
    String podName = pod.getMetadata().getName();
    currentPod = podName;
    status.job(namespace(), name(), s -> {
      s.setActive(1);
      return s;
    });
    status.pod(namespace(), podName, new PodStatusBuilder().withPhase("Pending").withHostIP("127.0.0.1")
        .withStartTime(format(now()))
        .withContainerStatuses(pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
            .withName(c.getName()).withImage(c.getImage()).withReady(false).withStarted(false).withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting()
                .build())
            .build()).toList())
        .build());

    var podDir = settings.workRoot().resolve(namespace()).resolve(podName);
    List<ContainerLauncher.Launched> launched = new ArrayList<>();
    List<ContainerStatus> statuses = new ArrayList<>();
    String started = format(now());
    for (var container : pod.getSpec().getContainers()) {
      String prefix = "[" + namespace() + "/" + podName + " " + container.getName() + "] ";
      try {
        var l = launcher.launch(pod, container, podDir, line -> {
          console.accept(prefix + line);
          podLogs.append(namespace(), podName, line);
        });
        launched.add(l);
        synchronized (running) {
          running.add(l.process());
        }
      } catch (ContainerLauncher.LaunchFailure e) {
        console.accept(prefix + e.reason + ": " + e.getMessage());
        statuses.add(terminated(container.getName(), container.getImage(), 128, e.reason, e.getMessage(),
            started));
      }
    }
    if (cancelled || deadlineExceeded) {
      stopAll(launched); // the Job ended while its containers were starting
    } else if (launched.size() == pod.getSpec().getContainers().size()) {
      status.pod(namespace(), podName, new PodStatusBuilder().withPhase("Running").withHostIP("127.0.0.1")
          .withPodIP("127.0.0.1").withStartTime(started)
          .withContainerStatuses(launched.stream().map(l -> new ContainerStatusBuilder()
              .withName(l.container().getName()).withImage(l.container().getImage()).withReady(true)
              .withStarted(true).withRestartCount(0)
              .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started).endRunning().build())
              .build()).toList())
          .build());
    } else {
      stopAll(launched);
    }
    boolean succeeded = statuses.isEmpty();
    for (var l : launched) {
      int exit = l.process().waitFor();
      String reason = deadlineExceeded ? "DeadlineExceeded" : exit == 0 ? "Completed" : "Error";
      statuses.add(terminated(l.container().getName(), l.container().getImage(), exit, reason,
          l.terminationMessage(exit), started));
      succeeded &= exit == 0;
    }
    synchronized (running) {
      running.clear();
    }
    currentPod = null;
    if (!cancelled) {
      PodStatus podStatus = new PodStatusBuilder()
          .withPhase(succeeded && !deadlineExceeded ? "Succeeded" : "Failed")
          .withReason(deadlineExceeded ? "DeadlineExceeded" : null)
          .withMessage(deadlineExceeded ? "Pod was active on the node longer than the specified deadline" : null)
          .withHostIP("127.0.0.1").withPodIP("127.0.0.1").withStartTime(started)
          .withContainerStatuses(statuses).build();
      status.pod(namespace(), podName, podStatus);
    }
    return succeeded && !deadlineExceeded;
  }

  private void stopAll(List<ContainerLauncher.Launched> launched) {
    launched.forEach(l -> l.process().stop(Duration.ZERO));
  }

  private Pod newPod() {
    var template = job.getSpec().getTemplate();
    Map<String, String> labels = new HashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    String uid = job.getMetadata().getUid();
    labels.put("job-name", name());
    labels.put("batch.kubernetes.io/job-name", name());
    labels.put("controller-uid", uid);
    labels.put("batch.kubernetes.io/controller-uid", uid);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name() + "-" + randomSuffix())
        .withNamespace(namespace())
        .withLabels(labels)
        .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
            .withName(name()).withUid(uid).withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withSpec(template.getSpec())
        .editSpec().withNodeName("localhost").endSpec()
        .build();
  }

  private void finish(int failed, boolean complete, String reason, String message) {
    String when = format(now());
    status.job(namespace(), name(), s -> {
      s.setActive(0);
      s.setReady(0);
      if (complete) {
        s.setSucceeded(1);
        s.setCompletionTime(when);
      }
      s.setFailed(failed == 0 ? null : failed);
      List<JobCondition> conditions = new ArrayList<>();
      if (complete) {
        conditions.add(condition("SuccessCriteriaMet", reason, message, when));
        conditions.add(condition("Complete", reason, message, when));
      } else {
        conditions.add(condition("FailureTarget", reason, message, when));
        conditions.add(condition("Failed", reason, message, when));
      }
      s.setConditions(conditions);
      return s;
    });
    Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
    if (ttl != null) {
      scheduler.schedule(() -> {
        try {
          client.batch().v1().jobs().inNamespace(namespace()).withName(name()).delete();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "TTL deletion of " + name() + " failed", e);
        }
      }, ttl, TimeUnit.SECONDS);
    }
  }

  private void sleepBackoff(int failures) throws InterruptedException {
    long delay = Math.min(settings.backoffBase().toMillis() << Math.min(failures - 1, 10),
        TimeUnit.MINUTES.toMillis(6));
    long until = System.currentTimeMillis() + delay;
    while (!cancelled && !deadlineExceeded && System.currentTimeMillis() < until) {
      Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
    }
  }

  private static JobCondition condition(String type, String reason, String message, String when) {
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(when).withLastTransitionTime(when).build();
  }

  private static ContainerStatus terminated(String name, String image, int exitCode, String reason, String message,
      String started) {
    return new ContainerStatusBuilder().withName(name).withImage(image).withReady(false).withStarted(false)
        .withRestartCount(0)
        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
            .withMessage(message == null || message.isEmpty() ? null : message)
            .withStartedAt(started).withFinishedAt(format(Instant.now())).endTerminated().build())
        .build();
  }

  private Instant now() {
    return clock.instant();
  }

  private static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String randomSuffix() {
    var sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
