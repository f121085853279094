package io.manimvideo.local.node;

import io.manimvideo.localinfra.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's configuration files (containerd's, the CNI network's, the kubelet's), kept as templates beside this
 * class so that they read as the files they become; {@code ${NAME}} placeholders are filled in here, and a
 * placeholder left without a value is an error rather than a silently broken file.
 */
final class NodeConfigFiles {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    private NodeConfigFiles() {}

    static Path write(String template, Map<String, String> values, Path target) {
        String text;
        try (InputStream in = NodeConfigFiles.class.getResourceAsStream(template)) {
            if (in == null) {
                throw new IllegalStateException("node configuration template missing: " + template);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException(template + ": no value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        try {
            Files.createDirectories(Directories.parentOf(target));
            return Files.writeString(target, filled.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
