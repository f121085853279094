package io.manimvideo.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One accessibility wish of a VideoJob, by the name the workloads receive it under ({@code CODEGEN_ACCESSIBILITY},
 * {@code MANIMRENDER_THEME}): each adds one instruction to the AI prompt, and the visual ones also set the
 * render's theme.
 */
public enum AccessibilityNeed {
    AUDIO_DESCRIPTION(false),
    HIGH_CONTRAST(true),
    LARGE_TEXT(true);

    private final boolean theme;

    AccessibilityNeed(boolean theme) {
        this.theme = theme;
    }

    /** The wire name, e.g. {@code large_text}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the render applies it as a theme (to AI and direct code alike), not only the prompt. */
    public boolean isTheme() {
        return theme;
    }

    public static Optional<AccessibilityNeed> fromWireName(String value) {
        for (AccessibilityNeed need : values()) {
            if (need.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(need);
            }
        }
        return Optional.empty();
    }

    /** The wishes a spec asks for, in declaration order; none for no accessibility block. */
    public static List<AccessibilityNeed> of(Accessibility a) {
        List<AccessibilityNeed> needs = new ArrayList<>();
        if (a != null && a.isAudioDescription()) {
            needs.add(AUDIO_DESCRIPTION);
        }
        if (a != null && a.isHighContrast()) {
            needs.add(HIGH_CONTRAST);
        }
        if (a != null && a.isLargeText()) {
            needs.add(LARGE_TEXT);
        }
        return needs;
    }

    /** The comma list of wire names, e.g. {@code high_contrast,large_text}. */
    public static String wireList(Collection<AccessibilityNeed> needs) {
        return needs.stream().map(AccessibilityNeed::wireName).collect(Collectors.joining(","));
    }
}
