package io.manimvideo.operator.reconcile;

import io.manimvideo.api.SubmissionType;
import io.manimvideo.api.UnknownFields;
import io.manimvideo.api.VideoJobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this operator version can act on a spec. The API server enforces the CRD's schema, so what fails
 * here was written under a newer CRD (fields or values this version does not know) or by hand into a
 * schema-less object; such a job fails ({@code UnsupportedSpec}) naming what was not understood.
 */
final class SpecCheck {
    private SpecCheck() {}

    static Optional<String> problem(VideoJobSpec spec) {
        if (spec == null) {
            return Optional.of("no spec");
        }
        List<String> unknown = new ArrayList<>();
        unknownIn("spec", spec, unknown);
        unknownIn("spec.options", spec.getOptions(), unknown);
        unknownIn("spec.accessibility", spec.getAccessibility(), unknown);
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown));
        }
        if (spec.getSubmissionType() == null) {
            problems.add("spec.submissionType is missing or has a value this version does not know");
        } else if (spec.getSubmissionType() == SubmissionType.PROBLEM
                ? spec.getProblemText() == null
                : spec.getManimCode() == null) {
            problems.add(
                    spec.getSubmissionType() == SubmissionType.PROBLEM
                            ? "spec.problemText is missing"
                            : "spec.manimCode is missing");
        }
        if (spec.getPlatform() == null) {
            problems.add("spec.platform is missing or has a value this version does not know");
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        // field names and what is wrong with them: technical, for the catalog sentence's {name}
        return Optional.of(String.join("; ", problems));
    }

    private static void unknownIn(String path, UnknownFields object, List<String> out) {
        if (object != null) {
            object.unknownFields().forEach(name -> out.add(path + "." + name));
        }
    }
}
