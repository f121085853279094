package io.manimvideo.ingress.http;

import java.util.Set;

/** Which statuses have their own title in the catalog; the others get the title of their class. */
public final class ProblemTitles {
    static final Set<Integer> OWN =
            Set.of(400, 401, 403, 404, 405, 408, 409, 410, 413, 414, 415, 422, 429, 431, 500, 503);

    private ProblemTitles() {}

    /** Every title key there is, for the catalog check. */
    public static java.util.Set<String> keys() {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        OWN.forEach(status -> keys.add("problem.title." + status));
        keys.add("problem.title.4xx");
        return keys;
    }

    static String keyOf(int status) {
        if (OWN.contains(status)) {
            return "problem.title." + status;
        }
        return status >= 400 && status < 500 ? "problem.title.4xx" : "problem.title.500";
    }
}
