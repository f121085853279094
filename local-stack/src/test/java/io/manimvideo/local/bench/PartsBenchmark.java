package io.manimvideo.local.bench;

import io.manimvideo.local.LocalStack;
import io.manimvideo.local.LocalStackSettings;
import io.manimvideo.local.ServiceOverrides;
import io.manimvideo.local.WebApiClient;
import io.manimvideo.local.node.PodNetwork;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A long scene on one pod against the same scene in two parts (issue 27, point 6), submit → ready through the web
 * API of one local stack, side by side in one run: the operator is switched between {@code RENDER_MAX_PARTS=1} and
 * {@code 2} with {@code helm upgrade} before each sample, alternating. A 5 s scene on both shows what the plan's
 * dry pass costs a short scene. See {@code local-stack/bench/parts.sh}.
 */
public final class PartsBenchmark {
    /** Twelve animations of 5 s: 60 s, at medium quality. */
    static final String LONG = """
            from manim import *


            class Long(Scene):
                def construct(self):
                    square = Square(color=BLUE)
                    for i in range(12):
                        self.play(Rotate(square, angle=TAU / 12), run_time=5)
            """;

    static final String SHORT = """
            from manim import *


            class Short(Scene):
                def construct(self):
                    square = Square(color=BLUE)
                    self.play(Rotate(square, angle=TAU / 4), run_time=2.5)
                    self.play(square.animate.shift(RIGHT), run_time=2.5)
            """;

    private PartsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeat = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        BenchRun run = BenchRun.prepare("parts-bench");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        try (var network = PodNetwork.create(line -> {});
                var stack = LocalStack.start(
                        new LocalStackSettings(run.project(), run.state(), 0, false, 2),
                        network,
                        Map.of(),
                        new ServiceOverrides(
                                Map.of("RENDER_MAX_PARTS", "1"),
                                Map.of("RATE_LIMIT_PER_HOUR", "1000", "RATE_LIMIT_BURST", "100")),
                        run.console()::println)) {
            var web = new WebApiClient(stack.webUrl().orElseThrow().replaceAll("/$", ""));
            for (int round = 0; round < repeat; round++) {
                for (int pods : new int[] {1, 2}) {
                    stack.upgrade(new ServiceOverrides(Map.of("RENDER_MAX_PARTS", String.valueOf(pods)), Map.of()));
                    for (var scene : Map.of("60 s", LONG, "5 s", SHORT).entrySet()) {
                        double taken = submitToReady(web, scene.getValue());
                        seconds.computeIfAbsent(scene.getKey() + ", " + pods + " pod(s)", k -> new ArrayList<>())
                                .add(taken);
                        System.out.printf(Locale.ROOT, "  %s on %d pod(s): %.1f s%n", scene.getKey(), pods, taken);
                    }
                }
            }
        }
        System.out.println("scene, pods          median s   speed-up vs 1 pod   samples");
        for (String scene : List.of("60 s", "5 s")) {
            double one = median(seconds.get(scene + ", 1 pod(s)"));
            for (int pods : new int[] {1, 2}) {
                List<Double> samples = seconds.get(scene + ", " + pods + " pod(s)");
                System.out.printf(
                        Locale.ROOT,
                        "%-4s, %d pod(s)      %8.1f   %10.2f×          %s%n",
                        scene,
                        pods,
                        median(samples),
                        one / median(samples),
                        samples);
            }
        }
        System.exit(0); // the HTTP clients' threads would keep the JVM
    }

    private static double submitToReady(WebApiClient web, String code) throws Exception {
        long start = System.nanoTime();
        String id = new JsonObject(web.submit("direct_code", code, Map.of("quality", "medium"))).getString("job_id");
        List<String> seen = new ArrayList<>();
        web.events(id, Duration.ofMinutes(20), data -> {
            seen.add(new JsonObject(data).getString("status"));
            return !List.of("ready", "delivered", "failed", "expired").contains(seen.get(seen.size() - 1));
        });
        String last = seen.get(seen.size() - 1);
        if (!"ready".equals(last) && !"delivered".equals(last)) {
            throw new IllegalStateException("the benchmark's scene ended " + seen);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
