package io.manimvideo.operator.config;

import io.manimvideo.api.settings.Setting;
import io.manimvideo.api.settings.SettingGroup;
import io.manimvideo.api.settings.SettingType;
import io.manimvideo.api.workload.CodegenEnv;
import java.time.Duration;

/**
 * Every environment variable the operator reads besides {@link io.manimvideo.api.settings.SharedSettings},
 * declared once; {@link OperatorConfig} reads them and docs/configuration.md is generated from them.
 */
public final class OperatorSettings {
    private OperatorSettings() {}

    private static final String PROFILE = "`RuntimeDefault`, `Unconfined` or `Localhost/<path>`; the runtime"
            + " defaults refuse the namespaces and mounts bubblewrap makes (codegen pods: `RuntimeDefault`)";

    public static final Setting<String> WATCH_NAMESPACES = Setting.optional(
            "WATCH_NAMESPACES",
            SettingType.TEXT,
            "the operator's own namespace (`POD_NAMESPACE`)",
            "comma-separated namespaces to reconcile; `*` for all");
    public static final WorkloadSettings RENDER =
            WorkloadSettings.of("render", "ghcr.io/manim-video/render:0.1.0", "500m", "2", "1Gi", "2Gi", 600);
    public static final Setting<Boolean> RENDER_HOST_USERS =
            Setting.bool("RENDER_HOST_USERS", false, "`hostUsers` of render pods (`false`: a user namespace per pod)");
    public static final Setting<String> RENDER_PROC_MOUNT = Setting.text(
            "RENDER_PROC_MOUNT",
            "Unmasked",
            "`procMount` of the render container (the sandbox mounts its own `/proc`)");
    public static final Setting<String> RENDER_SECCOMP_PROFILE =
            Setting.text("RENDER_SECCOMP_PROFILE", "Unconfined", "seccomp profile of the render container: " + PROFILE);
    public static final Setting<String> RENDER_APPARMOR_PROFILE = Setting.text(
            "RENDER_APPARMOR_PROFILE", "Unconfined", "AppArmor profile of the render container: " + PROFILE);
    public static final WorkloadSettings CODEGEN =
            WorkloadSettings.of("codegen", "ghcr.io/manim-video/codegen:0.1.0", "100m", "500m", "256Mi", "512Mi", 180);
    public static final Setting<Integer> JOB_TTL_AFTER_FINISHED_SECONDS =
            Setting.integer("JOB_TTL_AFTER_FINISHED_SECONDS", 600, "`ttlSecondsAfterFinished` of child Jobs");
    public static final Setting<Integer> MAX_CONCURRENT_RENDERS = Setting.integer(
            "MAX_CONCURRENT_RENDERS",
            4,
            "render pods running at once (each pod of a render in parts counts; a pod's slot is free once it has"
                    + " exited); the rest wait Queued in arrival order with `status.queuePosition`");
    public static final Setting<Integer> RENDER_MAX_PARTS = Setting.integer(
            "RENDER_MAX_PARTS",
            2,
            "a long scene renders in up to this many parts at once (pods of one Indexed Job, each counted against"
                    + " `MAX_CONCURRENT_RENDERS`), then joined; never more than the render slots free when it starts;"
                    + " `1`: every scene on one pod");
    public static final Setting<Integer> RENDER_PARTS_MIN_SECONDS = Setting.integer(
            "RENDER_PARTS_MIN_SECONDS",
            20,
            "a scene the render pod's plan estimates shorter than this renders on that one pod (no further pod);"
                    + " no plan is made when the video's maximum duration is shorter");
    public static final Setting<Integer> RENDER_PART_RETRIES = Setting.integer(
            "RENDER_PART_RETRIES",
            1,
            "`backoffLimitPerIndex` of a render in parts: a failed part's pod is started again this often (only"
                    + " that part) before the attempt fails");
    public static final Setting<Duration> QUEUED_TTL =
            Setting.duration("QUEUED_TTL", "PT1H", "Queued longer than this → Failed");
    public static final Setting<Duration> READY_TTL =
            Setting.duration("READY_TTL", "PT24H", "Ready not delivered → Expired, video deleted");
    public static final Setting<Duration> DELIVERY_GRACE = Setting.duration(
            "DELIVERY_GRACE", "PT5M", "after delivery, the video is deleted this much later (range requests)");
    public static final Setting<Duration> DELIVERED_RECORD_TTL =
            Setting.duration("DELIVERED_RECORD_TTL", "P7D", "Delivered VideoJob record deleted after");
    public static final Setting<Duration> FAILED_RECORD_TTL =
            Setting.duration("FAILED_RECORD_TTL", "PT24H", "Failed VideoJob record deleted after");
    public static final Setting<Duration> EXPIRED_RECORD_TTL =
            Setting.duration("EXPIRED_RECORD_TTL", "PT24H", "Expired VideoJob record deleted after");
    public static final Setting<Duration> PROGRESS_POLL_INTERVAL = Setting.duration(
            "PROGRESS_POLL_INTERVAL",
            "PT2S",
            "how often a running render's progress is read (and a waiting job retries for a render slot)");
    public static final Setting<Duration> LIFECYCLE_CHECK_INTERVAL = Setting.duration(
            "LIFECYCLE_CHECK_INTERVAL",
            "PT1M",
            "longest wait between two looks at a job, so TTLs hold even if the clock jumps");
    public static final Setting<Duration> PRESIGN_TTL = Setting.optional(
            "PRESIGN_TTL",
            SettingType.DURATION,
            "the longer Job deadline + 15 minutes",
            "lifetime of presigned URLs handed to pods");
    public static final Setting<String> CODEGEN_SECRET_NAME = Setting.text(
            "CODEGEN_SECRET_NAME",
            "manim-video-ai",
            "Secret with the `CODEGEN_<NAME>_API_KEY` keys, read by codegen pods (never by the operator)");
    public static final Setting<Boolean> API_REPAIRS = Setting.bool(
            "API_REPAIRS",
            true,
            "repairs of AI and direct code checked against Manim's API and from the render's error (`false`: only the"
                    + " hand-listed ones; render and codegen pods get `MANIMRENDER_API_REPAIRS=0`)");
    /** {@code CODEGEN_PROVIDERS} and each provider's {@code CODEGEN_<NAME>_*}, passed on to codegen pods. */
    public static final SettingGroup CODEGEN_PROVIDERS = CodegenEnv::passedOnByTheOperator;

    public static final Setting<Boolean> LEADER_ELECTION = Setting.bool(
            "LEADER_ELECTION",
            true,
            "Lease `manim-video-operator` in the operator's namespace; a replica that loses the lease while running"
                    + " exits (Kubernetes restarts it), one that releases it on SIGTERM just stops");
    public static final Setting<String> HOSTNAME = Setting.optional(
            "HOSTNAME",
            SettingType.TEXT,
            "a random id",
            "this replica's identity in the leader-election Lease (Kubernetes sets it to the pod's name)");
}
