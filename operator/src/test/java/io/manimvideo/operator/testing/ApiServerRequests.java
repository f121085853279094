package io.manimvideo.operator.testing;

import io.manimvideo.localinfra.controlplane.ControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The API server's own count of the requests it answered ({@code apiserver_request_total} on its /metrics), by
 * verb, resource, subresource and response code: what every client did, counted where it cannot be missed.
 * Watches are left out (one per informer, not per object).
 */
public final class ApiServerRequests {
    private final ControlPlane plane;
    private final HttpClient http;

    public ApiServerRequests(ControlPlane plane) {
        this.plane = plane;
        this.http = plane.httpClient();
    }

    /** One request kind: {@code PATCH videojobs/status 409}. */
    public record Kind(String verb, String resource, String subresource, String code) {
        /** Verb and resource (with subresource), without the code: {@code PATCH videojobs/status}. */
        public String call() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
        }

        @Override
        public String toString() {
            return call() + " " + code;
        }
    }

    /** The counters now, for the given resources. */
    public Map<Kind, Double> snapshot(Set<String> resources) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(plane.url() + "/metrics"))
                .header("Authorization", "Bearer " + plane.adminToken())
                .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Map<Kind, Double> counts = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        body.lines().filter(l -> l.startsWith("apiserver_request_total{")).forEach(l -> {
            Kind kind = new Kind(label(l, "verb"), label(l, "resource"), label(l, "subresource"), label(l, "code"));
            if (!kind.verb().equals("WATCH") && resources.contains(kind.resource())) {
                counts.merge(kind, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum);
            }
        });
        return counts;
    }

    /** What was counted from {@code before} to {@code after}, for the kinds that match, zeros left out. */
    public static Map<Kind, Double> delta(Map<Kind, Double> before, Map<Kind, Double> after, Predicate<Kind> which) {
        Map<Kind, Double> delta = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        after.forEach((kind, value) -> {
            double d = value - before.getOrDefault(kind, 0.0);
            if (d > 0 && which.test(kind)) {
                delta.put(kind, d);
            }
        });
        return delta;
    }

    private static String label(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 2;
        return line.substring(from, line.indexOf('"', from));
    }
}
