package io.manimvideo.local.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.manimvideo.local.LocalStack;
import io.manimvideo.local.LocalStackSettings;
import io.manimvideo.local.ServiceOverrides;
import io.manimvideo.local.WebApiClient;
import io.manimvideo.local.node.PodNetwork;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A long scene on one pod against the same scene in parts (issue 27, point 6), submit → ready through the web API
 * of one local stack, side by side in one run: the operator is switched between {@code RENDER_MAX_PARTS} 1, 2 (and
 * whatever else is asked for) with {@code helm upgrade} ({@code render.parts.max}) before each sample, alternating.
 * Two 60 s scenes: a light one (fixed costs weigh most) and an explainer's (formulas, a plot, updaters); a 5 s scene
 * on each shows what the plan's dry pass costs a short scene. Each sample prints where its time went (when each Job was created,
 * each pod's container ran and exited, as this client saw them) and the parts Job's pods at once. See
 * {@code local-stack/bench/parts.sh}.
 */
public final class PartsBenchmark {
    /** Twelve animations of 5 s: 60 s, at medium quality; light (a square turning: about 10 s of CPU). */
    static final String LONG = """
            from manim import *


            class Long(Scene):
                def construct(self):
                    square = Square(color=BLUE)
                    for i in range(12):
                        self.play(Rotate(square, angle=TAU / 12), run_time=5)
            """;

    /**
     * An explainer's 60 s in twelve animations of 5 s, at medium quality: axes, a plotted function, MathTex formulas
     * transformed into one another, a tangent and its slope redrawn every frame from a ValueTracker, an area. It takes
     * about four times the light scene's CPU (42 s against 10 s for a plain {@code manim -qm} here), as any scene with
     * formulas and updaters does, so the fixed costs of parts weigh less in it.
     */
    static final String EXPLAINER = """
            from manim import *


            class Explainer(Scene):
                def construct(self):
                    axes = Axes(x_range=[-4, 4, 1], y_range=[-3, 3, 1], x_length=10, y_length=6).add_coordinates()
                    graph = axes.plot(lambda x: 0.2 * x**3 - x, color=BLUE)
                    formula = MathTex(r"f(x) = \\tfrac{1}{5}x^3 - x").to_corner(UL)
                    x = ValueTracker(-3)

                    def slope():
                        return 0.6 * x.get_value() ** 2 - 1

                    def point():
                        return axes.input_to_graph_point(x.get_value(), graph)

                    dot = always_redraw(lambda: Dot(point(), color=YELLOW))
                    tangent = always_redraw(
                        lambda: Line(ORIGIN, RIGHT * 3, color=ORANGE)
                        .rotate(np.arctan(slope() * axes.y_length / 6 / (axes.x_length / 8)))
                        .move_to(point())
                    )
                    value = always_redraw(
                        lambda: VGroup(MathTex(r"f'(x) ="), DecimalNumber(slope(), num_decimal_places=2))
                        .arrange(RIGHT)
                        .to_corner(UR)
                    )
                    self.play(Create(axes), Write(formula), run_time=5)
                    self.play(Create(graph), run_time=5)
                    self.play(FadeIn(dot, tangent, value), run_time=5)
                    self.play(x.animate.set_value(-1), run_time=5)
                    self.play(x.animate.set_value(1), run_time=5)
                    derivative = MathTex(r"f'(x) = \\tfrac{3}{5}x^2 - 1").to_corner(UL)
                    self.play(TransformMatchingTex(formula, derivative), run_time=5)
                    self.play(x.animate.set_value(3), run_time=5)
                    area = axes.get_area(graph, x_range=[0, 2], color=GREEN, opacity=0.4)
                    integral = MathTex(r"\\int_0^2 f(x)\\,dx = -\\tfrac{6}{5}").next_to(derivative, DOWN, aligned_edge=LEFT)
                    self.play(FadeIn(area), Write(integral), x.animate.set_value(0), run_time=5)
                    second = MathTex(r"f''(x) = \\tfrac{6}{5}x").next_to(integral, DOWN, aligned_edge=LEFT)
                    self.play(TransformFromCopy(derivative, second), x.animate.set_value(-2), run_time=5)
                    self.play(x.animate(rate_func=there_and_back).set_value(2), run_time=5)
                    self.play(FadeOut(area), Indicate(second), x.animate.set_value(0.5), run_time=5)
                    self.play(FadeOut(integral, second, shift=DOWN), x.animate.set_value(-3), run_time=5)
            """;

    static final String SHORT = """
            from manim import *


            class Short(Scene):
                def construct(self):
                    square = Square(color=BLUE)
                    self.play(Rotate(square, angle=TAU / 4), run_time=2.5)
                    self.play(square.animate.shift(RIGHT), run_time=2.5)
            """;

    /** The scenes of each round, in this order. */
    static final Map<String, String> SCENES = scenes();

    private PartsBenchmark() {}

    private static Map<String, String> scenes() {
        Map<String, String> scenes = new LinkedHashMap<>();
        scenes.put("60 s light", LONG);
        scenes.put("60 s explainer", EXPLAINER);
        scenes.put("5 s", SHORT);
        return scenes;
    }

    /** @param args rounds (1), then the pods to compare, comma-separated ({@code 1,2}; the first is the base) */
    public static void main(String[] args) throws Exception {
        int repeat = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int[] podCounts = Arrays.stream((args.length > 1 ? args[1] : "1,2").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int slots = Math.max(2, Arrays.stream(podCounts).max().orElse(2));
        BenchRun run = BenchRun.prepare("parts-bench");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        try (var network = PodNetwork.create(line -> {});
                var stack = LocalStack.start(
                        new LocalStackSettings(run.project(), run.state(), 0, false, slots),
                        network,
                        Map.of(),
                        new ServiceOverrides(
                                Map.of(), Map.of("RATE_LIMIT_PER_HOUR", "1000", "RATE_LIMIT_BURST", "100")),
                        run.console()::println)) {
            var web = new WebApiClient(stack.webUrl().orElseThrow().replaceAll("/$", ""));
            var timeline = new StepTimeline(stack.client(), LocalStack.NAMESPACE);
            for (int round = 0; round < repeat; round++) {
                for (int pods : podCounts) {
                    stack.upgradeRenderParts(pods);
                    // not counted: the operator the upgrade restarted takes its Lease over first (about 16 s here)
                    submitToReady(web, SHORT);
                    for (var scene : SCENES.entrySet()) {
                        long start = System.nanoTime();
                        String id = submitToReady(web, scene.getValue());
                        double taken = (System.nanoTime() - start) / 1e9;
                        timeline.mark(id, "submitted", start);
                        seconds.computeIfAbsent(scene.getKey() + ", " + pods + " pod(s)", k -> new ArrayList<>())
                                .add(taken);
                        Job parts = stack.client()
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(LocalStack.NAMESPACE)
                                .withName(id + "-parts-1")
                                .get();
                        System.out.printf(
                                Locale.ROOT,
                                "  %s with RENDER_MAX_PARTS=%d: %.1f s, %s (load %s)%n    steps (ms after submit): %s%n",
                                scene.getKey(),
                                pods,
                                taken,
                                parts == null
                                        ? "one render"
                                        : parts.getSpec().getCompletions() + " parts, "
                                                + parts.getSpec().getParallelism() + " pod(s) at once",
                                loadAverage(),
                                timeline.steps(id, "submitted"));
                    }
                }
            }
            timeline.close();
        }
        System.out.println("scene, pods                median s   speed-up vs " + podCounts[0] + " pod(s)   samples");
        for (String scene : SCENES.keySet()) {
            double one = median(seconds.get(scene + ", " + podCounts[0] + " pod(s)"));
            for (int pods : podCounts) {
                List<Double> samples = seconds.get(scene + ", " + pods + " pod(s)");
                System.out.printf(
                        Locale.ROOT,
                        "%-14s, %d pod(s) %8.1f   %10.2f×          %s%n",
                        scene,
                        pods,
                        median(samples),
                        one / median(samples),
                        samples);
            }
        }
        System.exit(0); // the HTTP clients' threads would keep the JVM
    }

    /** Submits {@code code} and waits until it is ready; returns its job id (its VideoJob's name). */
    private static String submitToReady(WebApiClient web, String code) throws Exception {
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
        return id;
    }

    /** The machine's load average over the last minute (other helpers share it), as {@code uptime} shows it. */
    private static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
