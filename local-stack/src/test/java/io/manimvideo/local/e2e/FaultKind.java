package io.manimvideo.local.e2e;

import java.time.Duration;

/**
 * What the fault tier does to the running system, each as it happens in production: a process of the cluster or
 * of the host killed with SIGKILL (its supervisor starts it again, as systemd would), a pod deleted as an admin or
 * the node does it, a dependency that answers errors or nothing for a while.
 */
enum FaultKind {
    ETCD_KILLED("SIGKILL etcd", Duration.ZERO),
    API_SERVER_KILLED("SIGKILL kube-apiserver", Duration.ZERO),
    API_SERVER_UNREACHABLE("kube-apiserver stopped (SIGSTOP) 30 s", Duration.ofSeconds(30)),
    CONTROLLER_MANAGER_KILLED("SIGKILL kube-controller-manager", Duration.ZERO),
    SCHEDULER_KILLED("SIGKILL kube-scheduler", Duration.ZERO),
    KUBELET_KILLED("SIGKILL kubelet", Duration.ZERO),
    CONTAINERD_KILLED("SIGKILL containerd", Duration.ZERO),
    KUBE_PROXY_KILLED("SIGKILL kube-proxy", Duration.ZERO),
    OPERATOR_LEADER_DELETED("operator leader pod deleted (grace 0)", Duration.ZERO),
    INGRESS_POD_DELETED("ingress pod deleted (grace 0)", Duration.ZERO),
    REDIS_KILLED("SIGKILL redis-server", Duration.ZERO),
    STORAGE_CRASHED("S3Proxy stopped abruptly 15 s", Duration.ofSeconds(15)),
    STORAGE_503("storage answers 503 for 60 s", Duration.ofSeconds(60)),
    TELEGRAM_429("Telegram answers 429 retry_after, then recovers", Duration.ZERO),
    TELEGRAM_TIMEOUT("Telegram answers nothing (times out) 45 s", Duration.ofSeconds(45)),
    RENDER_POD_DELETED("a render pod deleted by an admin", Duration.ZERO),
    RENDER_POD_OOM_KILLED("a render pod OOM-killed (memory limit cut)", Duration.ZERO),
    RENDER_POD_EVICTED("a render pod evicted (Eviction API)", Duration.ZERO),
    RENDER_POD_LOST_AFTER_STORING("a render pod lost right after storing its video", Duration.ZERO),
    WORK_DIR_FULL("a render pod's work dir filled past its limit", Duration.ZERO),
    HELM_UPGRADE("helm upgrade with changed configuration", Duration.ZERO);

    private final String label;
    private final Duration lasts;

    FaultKind(String label, Duration lasts) {
        this.label = label;
        this.lasts = lasts;
    }

    String label() {
        return label;
    }

    /** How long the fault holds once applied (zero: a single blow, after which the system recovers by itself). */
    Duration lasts() {
        return lasts;
    }
}
