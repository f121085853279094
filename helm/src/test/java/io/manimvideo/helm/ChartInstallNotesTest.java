package io.manimvideo.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What {@code helm install} tells the admin (NOTES.txt), rendered by a client-only dry run. */
@Tag("unit")
class ChartInstallNotesTest {

    @Test
    void notesExplainSecretsWebhooksAndKubectlForTheConfiguredRelease() {
        String notes = install(RenderedChart.ALL_ON_VALUES);

        assertThat(notes)
                .contains("create secret generic manim-video-operator")
                .contains("create secret generic manim-video-ingress")
                .contains("CODEGEN_GROQ_API_KEY, CODEGEN_CLOUDFLARE_API_KEY, CODEGEN_OLLAMA_API_KEY")
                .contains("setWebhook")
                .contains("url=https://video.example.org/webhooks/telegram")
                .contains("secret_token=")
                .contains("Callback URL: https://video.example.org/webhooks/whatsapp")
                .contains("kubectl -n manim get vj")
                .contains("kubectl -n manim wait --for=condition=Ready vj/<name>")
                .doesNotContain("WARNING")
                .doesNotContain("graceful degradation");
    }

    @Test
    void notesWarnAboutWhatTheDefaultsLeaveOpen() {
        String notes = install(null);

        assertThat(notes)
                .contains("WARNING: storage.endpoint is empty")
                .contains("No AI provider is configured")
                .contains("kubectl -n manim port-forward svc/mv-manim-video-ingress 8080:80");
    }

    private static String install(Path valuesFile) {
        InstallCommand install = new Helm(RenderedChart.CHART_DIR)
                .install()
                .withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE)
                .clientOnly()
                .dryRun();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }
}
