package io.manimvideo.ingress.session;

import io.manimvideo.api.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data model's UserSession without its video_history (read on its own with {@link SessionStore#history}).
 * One session can span Telegram, WhatsApp and the web (see {@link LinkCodes}).
 */
public record UserSession(
        String sessionId,
        Optional<String> telegramChatId,
        Optional<String> whatsappPhoneNumber,
        Optional<String> webSessionToken,
        String createdAt,
        String lastActivity,
        String languagePreference,
        Optional<Platform> platformPrimary,
        long totalSubmissions,
        long successfulGenerations,
        boolean accessibilityEnabled,
        boolean screenReaderPreferred) {

    /** The address of the person on a platform: chat id, phone number or web token. */
    public Optional<String> address(Platform platform) {
        return switch (platform) {
            case TELEGRAM -> telegramChatId;
            case WHATSAPP -> whatsappPhoneNumber;
            case WEB -> webSessionToken;
        };
    }

    public List<Platform> platforms() {
        List<Platform> platforms = new ArrayList<>();
        for (Platform p : Platform.values()) {
            if (address(p).isPresent()) {
                platforms.add(p);
            }
        }
        return platforms;
    }

    @Override
    public String toString() {
        return "UserSession[" + sessionId + ", platforms=" + platforms() + "]";
    }
}
