package io.manimvideo.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to make. Written once by the client; the schema forbids changes after creation. */
@ValidationRule(
        value =
                "self.submissionType == 'problem' ? (has(self.problemText) && !has(self.manimCode)) : (has(self.manimCode) && !has(self.problemText))",
        message =
                "submissionType 'problem' needs problemText and no manimCode; 'direct_code' needs manimCode and no problemText")
@ValidationRule(value = "self == oldSelf", message = "spec is immutable: delete the VideoJob and create a new one")
public class VideoJobSpec extends UnknownFields {
    public static final int PROBLEM_MIN_CHARS = 10;
    public static final int PROBLEM_MAX_CHARS = 5000;
    /**
     * The limit on direct code, from {@code contracts/limits.json}. The CRD's maxLength (written by GenerateCrd from
     * the same value) counts characters; the ingress and the render workload count UTF-8 bytes.
     */
    public static final int CODE_MAX_BYTES = Limits.CONTRACT.code().maxBytes();

    @JsonPropertyDescription(
            "problem: problemText is animated by AI-generated Manim code. direct_code: manimCode is validated and rendered as given.")
    @Required
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) // a newer CRD's value: see UnknownFields
    private SubmissionType submissionType;

    @JsonPropertyDescription(
            "Platform the request came from (telegram, whatsapp or web); the video is delivered back there.")
    @Required
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) // a newer CRD's value: see UnknownFields
    private Platform platform;

    @JsonPropertyDescription(
            "Anonymous session (UUID v4) the job belongs to. Platform addresses (chat ids, phone numbers) never appear here; the ingress maps sessions to them.")
    @Required
    @Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
    private String sessionId;

    @JsonPropertyDescription(
            "The maths problem in the person's words, 10 to 5000 characters. Only with submissionType=problem.")
    @Size(min = PROBLEM_MIN_CHARS, max = PROBLEM_MAX_CHARS)
    private String problemText;

    @JsonPropertyDescription(
            "Manim Community code to render, at most 50 KB. Only with submissionType=direct_code. It is untrusted: it runs only in the locked-down render pod.")
    @Size(min = 1) // max: CODE_MAX_BYTES, set by GenerateCrd (an annotation needs a compile-time constant)
    private String manimCode;

    @JsonPropertyDescription(
            "Scene class to render when the code defines several. Default: the last Scene subclass defined in the file.")
    @Pattern("^[A-Za-z_][A-Za-z0-9_]{0,99}$")
    private String sceneName;

    @JsonPropertyDescription(
            "Quality, container format and maximum duration of the video. Omitted: every default below.")
    @Default("{}")
    private RenderOptions options = new RenderOptions();

    @JsonPropertyDescription(
            "Language for on-screen text and messages, as a BCP 47 tag such as en or pt-BR. Default en.")
    @Pattern(LanguageTag.PATTERN)
    private String language = "en";

    @JsonPropertyDescription("Accessibility wishes: audio description, high contrast, large text.")
    private Accessibility accessibility;

    public SubmissionType getSubmissionType() {
        return submissionType;
    }

    public void setSubmissionType(SubmissionType submissionType) {
        this.submissionType = submissionType;
    }

    public Platform getPlatform() {
        return platform;
    }

    public void setPlatform(Platform platform) {
        this.platform = platform;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getProblemText() {
        return problemText;
    }

    public void setProblemText(String problemText) {
        this.problemText = problemText;
    }

    public String getManimCode() {
        return manimCode;
    }

    public void setManimCode(String manimCode) {
        this.manimCode = manimCode;
    }

    public String getSceneName() {
        return sceneName;
    }

    public void setSceneName(String sceneName) {
        this.sceneName = sceneName;
    }

    public RenderOptions getOptions() {
        return options == null ? new RenderOptions() : options;
    }

    public void setOptions(RenderOptions options) {
        this.options = options;
    }

    public String getLanguage() {
        return language == null ? "en" : language;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public Accessibility getAccessibility() {
        return accessibility;
    }

    public void setAccessibility(Accessibility accessibility) {
        this.accessibility = accessibility;
    }
}
