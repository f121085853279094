package io.manimvideo.api.settings;

/** Settings the operator and the ingress both read, with the same meaning. */
public final class SharedSettings {
    private SharedSettings() {}

    public static final Setting<String> POD_NAMESPACE = Setting.text(
            "POD_NAMESPACE", "default", "the namespace the pod runs in (the chart sets it from the pod's metadata)");
    public static final Setting<Integer> HTTP_PORT = Setting.integer(
            "HTTP_PORT",
            8080,
            "HTTP port: the operator's `/metrics`, `/healthz`, `/readyz`; the ingress's webhooks, web API, page and the"
                    + " same three");
    public static final Setting<String> STORAGE_ENDPOINT = Setting.optional(
            "STORAGE_ENDPOINT",
            SettingType.TEXT,
            "—",
            "S3 / R2 endpoint: the operator writes and presigns uploads, the ingress presigns delivery URLs");
    public static final Setting<String> STORAGE_REGION =
            Setting.text("STORAGE_REGION", "auto", "storage region (`auto` for R2)");
    public static final Setting<String> STORAGE_BUCKET =
            Setting.text("STORAGE_BUCKET", "manim-videos", "the one bucket (the operator creates it if missing)");
    public static final Setting<String> STORAGE_ACCESS_KEY = Setting.optional(
                    "STORAGE_ACCESS_KEY", SettingType.TEXT, "—", "storage key id; give the ingress a read-only pair")
            .asSecret();
    public static final Setting<String> STORAGE_SECRET_KEY = Setting.optional(
                    "STORAGE_SECRET_KEY", SettingType.TEXT, "—", "storage secret key")
            .asSecret();
}
