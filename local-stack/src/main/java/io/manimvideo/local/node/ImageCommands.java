package io.manimvideo.local.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which local command stands in for each container image: the render image runs the Python package from the
 * venv, the codegen image the Java entrypoint from the build's classpath. Images are matched by repository,
 * whatever their tag or digest.
 */
public final class ImageCommands {

    /**
     * @param entrypoint replaces the container's command (the container's args are kept); empty = run the
     *     container's own command as it is
     * @param env added to the container's environment (what the image would have set)
     */
    public record ImageCommand(List<String> entrypoint, Map<String, String> env) {
        public ImageCommand {
            entrypoint = List.copyOf(entrypoint);
            env = Map.copyOf(env);
        }

        /** Runs the container's own command, e.g. {@code sh -c ...}, with the image's environment. */
        public static ImageCommand asIs(Map<String, String> env) {
            return new ImageCommand(List.of(), env);
        }
    }

    private final Map<String, ImageCommand> byRepository = new LinkedHashMap<>();

    public ImageCommands with(String image, ImageCommand command) {
        byRepository.put(repository(image), command);
        return this;
    }

    public Optional<ImageCommand> find(String image) {
        return Optional.ofNullable(byRepository.get(repository(image)));
    }

    /** {@code ghcr.io/manim-video/render:0.1.0} and {@code ...render@sha256:...} → {@code ghcr.io/manim-video/render}. */
    static String repository(String image) {
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return name;
    }
}
