package io.manimvideo.localinfra.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The files the API server authenticates with: a static token for the admin (group {@code system:masters}) and one
 * for each component of the node ({@link Component}) in a token file, and the RSA key pair that signs and checks
 * service-account tokens (PEM, PKCS#8 and X.509).
 */
record ControlPlaneCredentials(
        String adminToken,
        Map<Component, String> componentTokens,
        Path tokenFile,
        Path serviceAccountKey,
        Path serviceAccountPublicKey) {
    static final String ADMIN_USER = "manim-video-admin";

    static ControlPlaneCredentials create(Path dir) {
        String token = randomToken();
        StringBuilder lines = new StringBuilder(token + "," + ADMIN_USER + "," + ADMIN_USER + ",\"system:masters\"\n");
        Map<Component, String> tokens = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            String componentToken = randomToken();
            tokens.put(component, componentToken);
            lines.append(componentToken)
                    .append(',')
                    .append(component.user())
                    .append(',')
                    .append(component.user())
                    .append(component.group().isEmpty() ? "" : ",\"" + component.group() + "\"")
                    .append('\n');
        }
        try {
            Files.createDirectories(dir);
            Path tokenFile = privateFile(dir.resolve("tokens.csv"), lines.toString());
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Path key = privateFile(
                    dir.resolve("sa.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Path pub = privateFile(
                    dir.resolve("sa.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return new ControlPlaneCredentials(token, Map.copyOf(tokens), tokenFile, key, pub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes a file only its owner can read (keys, tokens, kubeconfigs). */
    static Path privateFile(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content);
    }
}
