package io.manimvideo.local;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The README's first command ends here ({@code scripts/run-local.sh}): starts {@link LocalStack}, says how
 * to reach it, submits a sample problem through the web API, and on Ctrl-C or SIGTERM stops every child process
 * and frees every port.
 */
public final class AllInOne {
    private AllInOne() {}

    public static void main(String[] args) throws InterruptedException {
        var settings = LocalStackSettings.fromEnv(System.getenv());
        var stack = LocalStack.start(settings, System.getenv(), AllInOne::print);
        var stopped = new CountDownLatch(1);
        SampleJob sample = new SampleJob(
                stack.webUrl().orElse("").replaceAll("/$", ""),
                settings.stateDir().resolve("sample"),
                AllInOne::print);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            print("stopping the local stack");
                            sample.close();
                            stack.close();
                            print("stopped");
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));

        print("Kubernetes " + stack.client().getKubernetesVersion().getGitVersion() + " API server at "
                + stack.controlPlane().url() + "; for kubectl:");
        print("  export KUBECONFIG=" + stack.kubeconfig());
        print("S3 (S3Proxy) at " + stack.s3().endpoint() + ", bucket " + LocalStack.BUCKET + ", objects under "
                + settings.stateDir().resolve("s3"));
        // the URL carries Redis's password: only where it is
        print("Redis at " + stack.redis().address() + ":" + stack.redis().port() + " (its URL, with the password, is "
                + "REDIS_URL in the Secret " + LocalStack.SERVICE_SECRET + ")");
        print("operator and ingress: the chart's Deployments (kubectl get deployments; their logs follow here)");
        if (stack.providers().none()) {
            print("no AI provider key in the environment (GROQ_API_KEY, CLOUDFLARE_API_TOKEN + CLOUDFLARE_ACCOUNT_ID, "
                    + "HF_TOKEN, OPENAI_API_KEY): maths problems are worked out by the offline explainer (SymPy), others by "
                    + "graceful degradation");
        } else {
            print("AI providers, in order: "
                    + String.join(", ", stack.providers().names()));
        }
        if (stack.webUrl().isPresent()) {
            String url = stack.webUrl().get();
            print("web page: " + url);
        }
        if (settings.sample() && stack.webUrl().isPresent()) {
            try {
                sample.submit();
            } catch (IOException e) {
                print("the sample problem was not submitted: the web API answered " + e.getMessage());
            }
        } else if (settings.sample()) {
            print("the sample problem was not submitted: the ingress (its web API) is not running");
        }
        print("press Ctrl-C to stop");
        stopped.await();
    }

    private static void print(String line) {
        System.out.println(line);
    }
}
