package io.manimvideo.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A container's security context and resources, as far as a local process can honour them. A container that runs
 * as another user or with {@code readOnlyRootFilesystem} runs under bubblewrap, with no capabilities and {@code
 * no_new_privs}, and with {@code readOnlyRootFilesystem} the whole file system read-only except the pod's emptyDirs,
 * its work and temp directories and its termination-message file. Which user it is depends on the agent:
 *
 * <ul>
 *   <li>an agent running as root runs a container whose uid is not 0 as that real host uid and gid, as a kubelet
 *       without user namespaces does: bubblewrap runs as root without a user namespace and {@code setpriv} drops
 *       to {@code runAsUser}/{@code runAsGroup} with no supplementary groups and every capability gone (a user
 *       namespace mapped to root would leave the container host root for every check that compares uids: issue
 *       20). Directories only their owner may search (the agent's HOME, holding the Python and the Maven
 *       repository the pods read; a private temporary directory above the pod directories) are covered so that
 *       each entry's own permissions apply ({@link DirectoryCovers}), and the container sees only its own pod's
 *       directory. {@code /proc} is the host's, so that the render package's own bubblewrap can make a user
 *       namespace as the container's uid;
 *   <li>otherwise the container runs in a user namespace of its own as {@code runAsUser}/{@code runAsGroup} (outside
 *       it stays the agent's user, as with rootless containers, so it keeps reading the venv and the build).
 * </ul>
 *
 * The memory, process and CPU limits are a cgroup's ({@link ContainerCgroup}) where the agent can make one, else
 * the memory limit is {@link MemoryWatch}'s. Seccomp and AppArmor profiles are not applied, nor a CPU limit without
 * a cgroup: {@link #notEnforced(boolean)} says so for the node's log.
 */
final class ContainerSecurity {
    static final String BWRAP = "bwrap";
    /** What {@code setpriv} needs of root's capabilities to change the ids, kept by bubblewrap and then dropped. */
    private static final List<String> SETPRIV_CAPS = List.of("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP");

    private final Pod pod;
    private final Container container;
    private final long agentUid;
    private final long agentGid;
    private final Path agentHome;

    ContainerSecurity(Pod pod, Container container, long agentUid, long agentGid, Path agentHome) {
        this.pod = pod;
        this.container = container;
        this.agentUid = agentUid;
        this.agentGid = agentGid;
        this.agentHome = agentHome;
    }

    /** For the user the node agent runs as. */
    static ContainerSecurity of(Pod pod, Container container) {
        return new ContainerSecurity(
                pod, container, processId("unix:uid"), processId("unix:gid"), Path.of(System.getProperty("user.home")));
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

    /** Whether the container runs as a real host uid other than root: the agent is root, the container is not. */
    boolean hostIdentity() {
        return agentUid == 0 && uid() != 0;
    }

    /**
     * {@code command} run under bubblewrap as {@link #uid()}/{@link #gid()}; with a read-only root only the
     * {@code writable} paths (which must exist, under {@code podDir}) can be written. {@code /proc} is bound from
     * the host, writable, so that a sandbox inside (the render package's own bubblewrap) can mount its own.
     */
    List<String> wrap(List<String> command, Path podDir, List<Path> writable, Path workDir) {
        boolean readOnly = readOnlyRootFilesystem();
        List<String> wrapped = new ArrayList<>(List.of(BWRAP, "--die-with-parent"));
        if (hostIdentity()) {
            wrapped.addAll(List.of("--cap-drop", "ALL"));
            SETPRIV_CAPS.forEach(cap -> wrapped.addAll(List.of("--cap-add", cap)));
        } else {
            wrapped.addAll(List.of("--unshare-user", "--uid", String.valueOf(uid()), "--gid", String.valueOf(gid())));
        }
        wrapped.addAll(List.of(
                readOnly ? "--ro-bind" : "--bind", "/", "/", "--dev-bind", "/dev", "/dev", "--bind", "/proc", "/proc"));
        if (hostIdentity()) {
            var covers = new DirectoryCovers().open(agentHome).only(podDir.getParent(), podDir);
            covers.reach(podDir);
            writable.forEach(covers::reach);
            wrapped.addAll(covers.arguments(readOnly));
        }
        if (readOnly) {
            for (Path path : writable) {
                wrapped.addAll(List.of("--bind", path.toString(), path.toString()));
            }
        }
        wrapped.addAll(List.of("--chdir", workDir.toString(), "--"));
        if (hostIdentity()) {
            wrapped.addAll(List.of(
                    "setpriv",
                    "--reuid=" + uid(),
                    "--regid=" + gid(),
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--bounding-set=-all",
                    "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** What the container's cgroup limits: its memory limit, and its CPU limit in millicores. */
    ContainerCgroup.Limits cgroupLimits() {
        Quantity cpu = limit("cpu");
        return new ContainerCgroup.Limits(
                memoryLimit(),
                cpu == null
                        ? OptionalLong.empty()
                        : OptionalLong.of(Quantity.getAmountInBytes(cpu)
                                .multiply(BigDecimal.valueOf(1000))
                                .longValue()));
    }

    /** The container's memory limit in bytes, if it has one. */
    OptionalLong memoryLimit() {
        Quantity limit = limit("memory");
        return limit == null
                ? OptionalLong.empty()
                : OptionalLong.of(Quantity.getAmountInBytes(limit).longValue());
    }

    /**
     * What the pod asks for that a local process does not get, {@code cpuLimited} telling whether a cgroup applies
     * the CPU limit; empty when everything asked for is applied.
     */
    List<String> notEnforced(boolean cpuLimited) {
        List<String> missing = new ArrayList<>();
        Quantity cpu = limit("cpu");
        if (cpu != null && !cpuLimited) {
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
