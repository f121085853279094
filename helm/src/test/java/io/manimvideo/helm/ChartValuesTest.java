package io.manimvideo.helm;

import static io.manimvideo.helm.ChartSecurityTest.INGRESS;
import static io.manimvideo.helm.ChartSecurityTest.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Values reach the objects as the configuration reference's variables; bad values are refused. */
@Tag("unit")
class ChartValuesTest {

    @Test
    void chartCrdIsTheGeneratedFile() throws IOException {
        assertThat(Files.readAllBytes(ChartApiServerTest.CHART_CRD))
                .as("copy it: cp crds/videojobs.manimvideo.io-v1.yml helm/manim-video/crds/")
                .isEqualTo(Files.readAllBytes(Path.of("../crds/videojobs.manimvideo.io-v1.yml")));
        assertThat(ChartApiServerTest.chartCrd().getMetadata().getName()).isEqualTo("videojobs.manimvideo.io");
    }

    /** The default values themselves are checked against the declared settings by ChartSettingsTest. */
    @Test
    void operatorTakesItsNamespaceAndKeysFromThePodAndTheSecret() {
        Map<String, EnvVar> env = RenderedChart.withDefaults().env(OPERATOR);

        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(env).doesNotContainKey("RENDER_RUNTIME_CLASS").doesNotContainKey("CODEGEN_RUNTIME_CLASS");
        assertThat(env).doesNotContainKey("PRESIGN_TTL").doesNotContainKey("STORAGE_ENDPOINT");
        assertThat(env.get("STORAGE_ACCESS_KEY")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("manim-video");
        assertThat(env.get("STORAGE_ACCESS_KEY")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getOptional())
                .isNull();
    }

    @Test
    void providersImagesAndLifetimesComeFromValues() {
        Map<String, EnvVar> env = RenderedChart.allOn().env(OPERATOR);

        assertThat(value(env, "CODEGEN_PROVIDERS")).isEqualTo("groq,cloudflare,ollama");
        assertThat(value(env, "CODEGEN_GROQ_KIND")).isEqualTo("openai");
        assertThat(value(env, "CODEGEN_GROQ_BASE_URL")).isEqualTo("https://api.groq.com/openai/v1");
        assertThat(value(env, "CODEGEN_GROQ_MODEL")).isEqualTo("llama-3.3-70b-versatile");
        assertThat(value(env, "CODEGEN_GROQ_TIMEOUT_SECONDS")).isEqualTo("45");
        assertThat(value(env, "CODEGEN_CLOUDFLARE_KIND")).isEqualTo("cloudflare");
        assertThat(value(env, "CODEGEN_CLOUDFLARE_MODEL")).isEqualTo("@cf/meta/llama-3.3-70b-instruct-fp8-fast");
        assertThat(value(env, "CODEGEN_CLOUDFLARE_TIMEOUT_SECONDS")).isEqualTo("60");
        assertThat(value(env, "CODEGEN_CLOUDFLARE_ACCOUNT_ID")).isEqualTo("0123456789abcdef");
        assertThat(value(env, "CODEGEN_OLLAMA_BASE_URL")).isEqualTo("http://ollama.ai.svc:11434/v1");
        assertThat(value(env, "RENDER_IMAGE")).isEqualTo("registry.example.org/manim/render:0.1.0-rc1");
        assertThat(value(env, "MAX_CONCURRENT_RENDERS")).isEqualTo("8");
        assertThat(value(env, "RENDER_DEADLINE_SECONDS")).isEqualTo("900");
        assertThat(value(env, "RENDER_RUNTIME_CLASS")).isEqualTo("gvisor");
        assertThat(value(env, "CODEGEN_RUNTIME_CLASS")).isEqualTo("kata");
        assertThat(value(env, "RENDER_SECCOMP_PROFILE")).isEqualTo("Localhost/profiles/manim-render.json");
        assertThat(value(env, "RENDER_APPARMOR_PROFILE")).isEqualTo("Localhost/manim-render");
        assertThat(value(env, "PRESIGN_TTL")).isEqualTo("PT30M");
        assertThat(value(env, "DELIVERED_RECORD_TTL")).isEqualTo("P3D");
        assertThat(value(env, "WATCH_NAMESPACES")).isEqualTo("manim,videos-school");
        assertThat(value(env, "STORAGE_ENDPOINT")).isEqualTo("https://0123456789abcdef.r2.cloudflarestorage.com");
        assertThat(value(env, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=70");
        assertThat(env.get("STORAGE_SECRET_KEY")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("manim-video-operator");

        RenderedChart everywhere =
                RenderedChart.render(RenderedChart.ALL_ON_VALUES, Map.of("operator.watchAllNamespaces", true));
        assertThat(value(everywhere.env(OPERATOR), "WATCH_NAMESPACES")).isEqualTo("*");
    }

    @Test
    void ingressIsConfiguredFromValuesWithPlatformsOffWithoutTheirTokens() {
        Map<String, EnvVar> defaults = RenderedChart.withDefaults().env(INGRESS);
        assertThat(defaults).doesNotContainKey("TELEGRAM_BOT_USERNAME").doesNotContainKey("WHATSAPP_DISPLAY_NUMBER");
        assertThat(defaults.get("REDIS_URL").getValueFrom().getSecretKeyRef().getOptional())
                .isNull();
        assertThat(defaults.get("TELEGRAM_BOT_TOKEN")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getOptional())
                .isTrue();
        assertThat(defaults.get("WHATSAPP_APP_SECRET")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getOptional())
                .isTrue();

        Map<String, EnvVar> allOn = RenderedChart.allOn().env(INGRESS);
        assertThat(value(allOn, "PUBLIC_BASE_URL")).isEqualTo("https://video.example.org");
        assertThat(value(allOn, "TELEGRAM_BOT_USERNAME")).isEqualTo("ManimVideoBot");
        assertThat(value(allOn, "WHATSAPP_PHONE_NUMBER_ID")).isEqualTo("123456789012345");
        assertThat(value(allOn, "WHATSAPP_DISPLAY_NUMBER")).isEqualTo("+15551234567");
        assertThat(value(allOn, "RATE_LIMIT_PER_HOUR")).isEqualTo("20");
        assertThat(value(allOn, "DIRECT_CODE_ENABLED")).isEqualTo("false");
        assertThat(allOn.get("REDIS_URL").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("manim-video-ingress");
    }

    @Test
    void ingressFindsRedisThroughSentinelWhenItsHostsAreGiven() {
        Map<String, EnvVar> defaults = RenderedChart.withDefaults().env(INGRESS);
        assertThat(defaults).doesNotContainKeys("REDIS_SENTINELS", "REDIS_SENTINEL_MASTER", "REDIS_REPLICA_ACKS");
        assertThat(defaults.get("REDIS_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getOptional())
                .isTrue();

        Map<String, EnvVar> sentinel =
                RenderedChart.render(RenderedChart.valuesFile("""
                                redis:
                                  sentinel:
                                    hosts: [redis-node-0.redis-headless:26379, redis-node-1.redis-headless:26379]
                                    masterName: manim
                                  replicaAcks: 2
                                """), Map.of()).env(INGRESS);
        assertThat(value(sentinel, "REDIS_SENTINELS"))
                .isEqualTo("redis-node-0.redis-headless:26379,redis-node-1.redis-headless:26379");
        assertThat(value(sentinel, "REDIS_SENTINEL_MASTER")).isEqualTo("manim");
        assertThat(DeclaredSettings.INGRESS
                        .find("REDIS_REPLICA_ACKS")
                        .orElseThrow()
                        .parse(value(sentinel, "REDIS_REPLICA_ACKS")))
                .isEqualTo(2);
        assertThat(sentinel)
                .as("a Secret without REDIS_URL must not keep the pod from starting")
                .doesNotContainKey("REDIS_URL");
        assertThat(sentinel.get("REDIS_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("manim-video");

        assertThatThrownBy(() -> RenderedChart.template(
                        RenderedChart.valuesFile("redis: {sentinel: {hosts: [redis-node-0], masterName: m}}"),
                        Map.of()))
                .as("a Sentinel without its port")
                .hasMessageContaining("redis.sentinel.hosts.0");
    }

    @Test
    void optionalPartsAppearOnlyWhenAskedFor() {
        RenderedChart defaults = RenderedChart.withDefaults();
        assertThat(defaults.all(Ingress.class)).isEmpty();
        assertThat(defaults.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(defaults.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.one(Deployment.class, INGRESS).getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(defaults.all(Service.class)).hasSize(2);

        RenderedChart allOn = RenderedChart.allOn();
        Ingress ingress = allOn.one(Ingress.class, INGRESS);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls())
                .singleElement()
                .satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("video-example-org-tls"));
        assertThat(ingress.getSpec()
                        .getRules()
                        .get(0)
                        .getHttp()
                        .getPaths()
                        .get(0)
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo(INGRESS);
        HorizontalPodAutoscaler hpa = allOn.one(HorizontalPodAutoscaler.class, INGRESS);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(INGRESS);
        assertThat(allOn.one(Deployment.class, INGRESS).getSpec().getReplicas())
                .as("the HPA owns the replica count")
                .isNull();
        assertThat(allOn.one(PodDisruptionBudget.class, INGRESS)
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(1);
        assertThat(allOn.one(PodDisruptionBudget.class, OPERATOR)
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
        assertThat(allOn.one(Deployment.class, OPERATOR).getSpec().getReplicas())
                .isEqualTo(2);

        assertThat(allOn.ofKind("ServiceMonitor")).hasSize(2).allSatisfy(monitor -> {
            Map<String, Object> spec = ((GenericKubernetesResource) monitor).get("spec");
            assertThat(spec.toString()).contains("path=/metrics", "port=http", "interval=15s");
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        });
    }

    @Test
    void schemaRejectsMisspeltKeys() {
        assertThatThrownBy(() -> RenderedChart.template(null, Map.of("operator.replica", 2)))
                .hasMessageContaining("Additional property replica is not allowed");
        assertThatThrownBy(() -> RenderedChart.template(null, Map.of("ingressApi.publicBaseURL", "https://x.org")))
                .hasMessageContaining("Additional property publicBaseURL is not allowed");
        assertThatThrownBy(() -> RenderedChart.template(null, Map.of("networkPolicy.enable", false)))
                .hasMessageContaining("Additional property enable is not allowed");
    }

    @Test
    void schemaRejectsBadProvidersAndDurations() {
        assertThatThrownBy(() -> RenderedChart.template(
                        null,
                        Map.of(
                                "ai.providers[0].name",
                                "groq",
                                "ai.providers[0].kind",
                                "anthropic",
                                "ai.providers[0].baseUrl",
                                "https://api.example.org",
                                "ai.providers[0].model",
                                "m")))
                .hasMessageContaining("ai.providers.0.kind");
        assertThatThrownBy(() -> RenderedChart.template(null, Map.of("lifecycle.readyTtl", "24h")))
                .hasMessageContaining("lifecycle.readyTtl");
    }

    @Test
    void unsafeCombinationsAreRefusedWithAReason() {
        assertThatThrownBy(() ->
                        RenderedChart.template(null, Map.of("operator.replicas", 2, "operator.leaderElection", false)))
                .hasMessageContaining("leaderElection");
        assertThatThrownBy(() -> RenderedChart.template(
                        RenderedChart.valuesFile("operator: {watchNamespaces: [videos]}"), Map.of()))
                .hasMessageContaining("not watched by the operator");
    }

    private static String value(Map<String, EnvVar> env, String name) {
        assertThat(env).as("env").containsKey(name);
        return env.get(name).getValue();
    }
}
