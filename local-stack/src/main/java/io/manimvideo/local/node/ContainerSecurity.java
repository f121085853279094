package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A container's security context and resources, as far as a local process can honour them. The process runs
 * under bubblewrap in a user namespace of its own: as {@code runAsUser}/{@code runAsGroup} there (outside it
 * stays the agent's user, as with rootless containers, so it keeps reading the venv and the build), with no
 * capabilities and {@code no_new_privs}, and with {@code readOnlyRootFilesystem} the whole file system read-only
 * except the pod's emptyDirs, its work and temp directories and its termination-message file. The memory limit
 * is enforced by {@link MemoryWatch}. CPU limits, seccomp and AppArmor profiles are not applied:
 * {@link #notEnforced()} says so for the node's log.
 */
final class ContainerSecurity {
    static final String BWRAP = "bwrap";

    private final Pod pod;
    private final Container container;
    private final long agentUid;
    private final long agentGid;

    ContainerSecurity(Pod pod, Container container, long agentUid, long agentGid) {
        this.pod = pod;
        this.container = container;
        this.agentUid = agentUid;
        this.agentGid = agentGid;
    }

    /** For the user the node agent runs as. */
    static ContainerSecurity of(Pod pod, Container container) {
        return new ContainerSecurity(pod, container, processId("unix:uid"), processId("unix:gid"));
    }

    /** The kubelet's check of {@code runAsNonRoot}, with its messages; the reason is CreateContainerConfigError. */
    Optional<String> nonRootViolation() {
        if (!Boolean.TRUE.equals(effective(SecurityContext::getRunAsNonRoot, PodSecurityContext::getRunAsNonRoot))) {
            return Optional.empty();
        }
        String where = "(pod: \"" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\", container: "
                + container.getName() + ")";
        Long runAsUser = effective(SecurityContext::getRunAsUser, PodSecurityContext::getRunAsUser);
        if (runAsUser != null) {
            return runAsUser == 0
                    ? Optional.of("container's runAsUser breaks non-root policy " + where)
                    : Optional.empty();
        }
        // no runAsUser: the "image's" user is the agent's own
        return agentUid == 0
                ? Optional.of("container has runAsNonRoot and image will run as root " + where)
                : Optional.empty();
    }

    /** The uid the container's processes see. */
    long uid() {
        Long runAsUser = effective(SecurityContext::getRunAsUser, PodSecurityContext::getRunAsUser);
        return runAsUser == null ? agentUid : runAsUser;
    }

    /** The gid the container's processes see ({@code runAsGroup}, else the agent's group). */
    long gid() {
        Long runAsGroup = effective(SecurityContext::getRunAsGroup, PodSecurityContext::getRunAsGroup);
        return runAsGroup == null ? agentGid : runAsGroup;
    }

    boolean readOnlyRootFilesystem() {
        return container.getSecurityContext() != null
                && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem());
    }

    /** Whether the process needs bubblewrap: another user or a read-only root. */
    boolean confined() {
        return uid() != agentUid || gid() != agentGid || readOnlyRootFilesystem();
    }

    /**
     * {@code command} run under bubblewrap as {@link #uid()}/{@link #gid()}; with a read-only root only the
     * {@code writable} paths (which must exist) can be written. {@code /proc} stays writable so that a sandbox
     * inside (the render package's own bubblewrap) can set up its user namespace.
     */
    List<String> wrap(List<String> command, List<Path> writable, Path workDir) {
        List<String> wrapped = new ArrayList<>(List.of(
                BWRAP,
                "--die-with-parent",
                "--unshare-user",
                "--uid",
                String.valueOf(uid()),
                "--gid",
                String.valueOf(gid()),
                readOnlyRootFilesystem() ? "--ro-bind" : "--bind",
                "/",
                "/",
                "--dev-bind",
                "/dev",
                "/dev",
                "--bind",
                "/proc",
                "/proc"));
        if (readOnlyRootFilesystem()) {
            for (Path path : writable) {
                wrapped.addAll(List.of("--bind", path.toString(), path.toString()));
            }
        }
        wrapped.addAll(List.of("--chdir", workDir.toString(), "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The container's memory limit in bytes, if it has one. */
    OptionalLong memoryLimit() {
        Quantity limit = limit("memory");
        return limit == null
                ? OptionalLong.empty()
                : OptionalLong.of(Quantity.getAmountInBytes(limit).longValue());
    }

    /** What the pod asks for that a local process does not get; empty when everything asked for is applied. */
    List<String> notEnforced() {
        List<String> missing = new ArrayList<>();
        Quantity cpu = limit("cpu");
        if (cpu != null) {
            missing.add("cpu limit " + cpu + " (no cgroup: the process may use every core)");
        }
        var seccomp = effective(SecurityContext::getSeccompProfile, PodSecurityContext::getSeccompProfile);
        if (seccomp != null && !"Unconfined".equals(seccomp.getType())) {
            missing.add("seccomp profile " + seccomp.getType() + " (the node applies none; the render package's "
                    + "sandbox applies its own filter)");
        }
        var appArmor = effective(SecurityContext::getAppArmorProfile, PodSecurityContext::getAppArmorProfile);
        if (appArmor != null && !"Unconfined".equals(appArmor.getType())) {
            missing.add("AppArmor profile " + appArmor.getType());
        }
        return missing;
    }

    private Quantity limit(String resource) {
        var resources = container.getResources();
        return resources == null || resources.getLimits() == null
                ? null
                : resources.getLimits().get(resource);
    }

    /** The container's setting, else the pod's, as the kubelet merges them. */
    private <T> T effective(Function<SecurityContext, T> ofContainer, Function<PodSecurityContext, T> ofPod) {
        T value = container.getSecurityContext() == null ? null : ofContainer.apply(container.getSecurityContext());
        if (value == null && pod.getSpec().getSecurityContext() != null) {
            value = ofPod.apply(pod.getSpec().getSecurityContext());
        }
        return value;
    }

    private static long processId(String attribute) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
