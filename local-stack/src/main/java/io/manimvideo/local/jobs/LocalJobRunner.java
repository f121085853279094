package io.manimvideo.local.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.manimvideo.local.apiserver.PodLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Plays kubelet and job controller for the local stack: watches batch/v1 Jobs, runs each one ({@link JobRun}),
 * stops a Job's processes when the Job or its Pod is deleted, and deletes the Pods of a deleted Job (the API
 * server here has no garbage collector). Runs as many Jobs at once as exist: the operator caps renders.
 */
public final class LocalJobRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalJobRunner.class.getName());

  /**
   * @param workRoot where pod directories (emptyDirs, work dirs, termination messages) are made
   * @param backoffBase delay before the first retry of a failed pod (doubles per failure, at most 6 minutes)
   * @param maxGracePeriod cap on a pod's terminationGracePeriodSeconds when its processes are stopped
   */
  public record Settings(Path workRoot, Duration backoffBase, Duration maxGracePeriod) {
    public static Settings defaults(Path workRoot) {
      return new Settings(workRoot, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
  }

  private final KubernetesClient client;
  private final PodLogs podLogs;
  private final Consumer<String> console;
  private final Settings settings;
  private final ContainerLauncher launcher;
  private final StatusWriter status;
  private final Clock clock;
  private final Map<String, JobRun> runs = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newCachedThreadPool(daemon("local-job"));
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("local-job-timer"));
  private SharedIndexInformer<Job> jobInformer;
  private SharedIndexInformer<Pod> podInformer;

  public LocalJobRunner(KubernetesClient client, ImageCommands images, PodLogs podLogs, Consumer<String> console,
      Settings settings) {
    this.client = client;
    this.podLogs = podLogs;
    this.console = console;
    this.settings = settings;
    this.launcher = new ContainerLauncher(images, new ContainerEnvironment(client), System.getenv("PATH"));
    this.status = new StatusWriter(client);
    this.clock = Clock.systemUTC();
  }

  public LocalJobRunner start() {
    podInformer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        podDeleted(pod);
      }
    });
    jobInformer = client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        admit(job);
      }

      @Override
      public void onUpdate(Job oldJob, Job job) {
        admit(job);
      }

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {
        jobDeleted(job);
      }
    });
    return this;
  }

  /** Jobs being run or run by this runner now. */
  public int knownJobs() {
    return runs.size();
  }

  private void admit(Job job) {
    if (Boolean.TRUE.equals(job.getSpec().getSuspend()) || finished(job)) {
      return;
    }
    runs.computeIfAbsent(job.getMetadata().getUid(), uid -> {
      var run = new JobRun(job, client, launcher, status, podLogs, console, scheduler, settings, clock);
      workers.execute(() -> {
        try {
          run.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "running Job " + run.namespace() + "/" + run.name() + " failed", e);
        }
      });
      return run;
    });
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream().anyMatch(c -> "True".equals(c.getStatus())
            && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
  }

  private void jobDeleted(Job job) {
    JobRun run = runs.remove(job.getMetadata().getUid());
    if (run != null) {
      run.cancel();
    }
    // background propagation, as the garbage collector would do it
    workers.execute(() -> {
      try {
        client.pods().inNamespace(job.getMetadata().getNamespace())
            .withLabel("batch.kubernetes.io/controller-uid", job.getMetadata().getUid()).delete();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "deleting pods of " + job.getMetadata().getName() + " failed", e);
      }
    });
  }

  private void podDeleted(Pod pod) {
    var owner = pod.getMetadata().getLabels() == null ? null
        : pod.getMetadata().getLabels().get("batch.kubernetes.io/controller-uid");
    JobRun run = owner == null ? null : runs.get(owner);
    if (run != null) {
      run.podDeleted(pod.getMetadata().getName());
    }
    podLogs.remove(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    deleteTree(settings.workRoot().resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName()));
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot remove " + dir, e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      var t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops watching and stops every process still running. */
  @Override
  public void close() {
    if (jobInformer != null) {
      jobInformer.close();
    }
    if (podInformer != null) {
      podInformer.close();
    }
    runs.values().forEach(JobRun::cancel);
    runs.clear();
    workers.shutdownNow();
    scheduler.shutdownNow();
  }
}
