package io.manimvideo.ingress.session;

import io.manimvideo.api.Phase;
import io.manimvideo.api.Platform;
import io.manimvideo.api.VideoFacts;
import io.manimvideo.ingress.redis.Deduplicator;
import io.manimvideo.ingress.redis.LuaScript;
import io.manimvideo.ingress.redis.RedisCommands;
import io.manimvideo.ingress.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * UserSessions in Redis with the data model's key patterns: {@code session:{uuid}} (hash of the scalar fields),
 * {@code sessions:by_telegram|whatsapp|web:{address}} (indexes), {@code jobs:by_session:{id}} and its
 * history hash (video_history, at most 100 entries, metadata only). Everything a session owns expires
 * after {@link #ttl()} without activity (SESSION_TTL); activity extends it.
 */
public final class SessionStore {
    public static final int HISTORY_CAP = 100;

    /** Where a key pattern handed to a script takes the id or address it is made for there. */
    private static final String ID = "{}";

    private static final LuaScript RESOLVE = LuaScript.load("session_activity.lua", "session_resolve.lua");
    private static final LuaScript TOUCH = LuaScript.load("session_activity.lua", "session_touch.lua");
    private static final LuaScript HISTORY_ADD = LuaScript.load("history_add.lua");
    private static final LuaScript HISTORY_UPDATE = LuaScript.load("history_update.lua");

    private final RedisCommands redis;
    private final Clock clock;
    private final Duration ttl;

    public SessionStore(RedisCommands redis, Clock clock, Duration ttl) {
        this.redis = redis;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** How long a session lives after its last activity. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The session of a Telegram chat, WhatsApp number or web token; made on first contact. Activity: the
     * TTL is extended. One round trip.
     */
    public Future<UserSession> resolve(Platform platform, String address, String language) {
        return resolve(platform, address, language, false);
    }

    /**
     * @param replicated whether replicas must have it before it counts as made ({@link
     *     RedisCommands#evalReplicated}): a chat's session is covered by the submission written after it, a web
     *     session's token is handed out at once
     */
    private Future<UserSession> resolve(Platform platform, String address, String language, boolean replicated) {
        String newId = UUID.randomUUID().toString();
        List<Object> args = new ArrayList<>(List.of(
                newId,
                addressField(platform),
                address,
                now(),
                wireName(platform),
                language == null ? "en" : language,
                ttl.toSeconds(),
                RedisKeys.session(ID),
                RedisKeys.jobsBySession(ID),
                RedisKeys.history(ID)));
        args.addAll(addressIndexPatterns());
        List<String> keys = List.of(RedisKeys.sessionIndex(platform, address), RedisKeys.session(newId));
        return (replicated ? redis.evalReplicated(RESOLVE, keys, args) : redis.eval(RESOLVE, keys, args))
                .map(SessionStore::parsePairs)
                .map(session -> present(session, "the " + wireName(platform) + " address's"));
    }

    /** A new anonymous web session and its token. */
    public Future<UserSession> createWebSession(String language) {
        return resolve(Platform.WEB, UUID.randomUUID().toString(), language, true);
    }

    /** The session a platform address belongs to, if any (no session is made). */
    public Future<Optional<UserSession>> findByAddress(Platform platform, String address) {
        return redis.send(Command.GET, RedisKeys.sessionIndex(platform, address))
                .compose(id -> id == null ? Future.succeededFuture(Optional.empty()) : get(id.toString()));
    }

    public Future<Optional<UserSession>> get(String sessionId) {
        return redis.send(Command.HGETALL, RedisKeys.session(sessionId)).map(hash -> parse(hash));
    }

    /**
     * Extends the TTL of the session and everything it owns and records the activity time (one round trip);
     * answers with the session as it is then (empty when it does not exist).
     */
    public Future<Optional<UserSession>> touch(String sessionId) {
        List<Object> args = new ArrayList<>(List.of(now(), ttl.toSeconds()));
        args.addAll(addressIndexPatterns());
        return redis.eval(TOUCH, owned(sessionId), args).map(SessionStore::parsePairs);
    }

    /**
     * Makes a platform address belong to this session (linking): its index points here and the session
     * records the address, so notifications for jobs from that platform reach it.
     */
    public Future<UserSession> attach(String sessionId, Platform platform, String address) {
        return redis.send(Command.SET, RedisKeys.sessionIndex(platform, address), sessionId, "EX", ttl.toSeconds())
                .compose(r -> redis.send(Command.HSET, RedisKeys.session(sessionId), addressField(platform), address))
                .compose(r -> touch(sessionId))
                .map(session -> present(session, sessionId));
    }

    public Future<Void> setLanguage(String sessionId, String language) {
        return redis.send(Command.HSET, RedisKeys.session(sessionId), "language_preference", language)
                .mapEmpty();
    }

    public Future<Void> setAccessibility(
            String sessionId, boolean accessibilityEnabled, boolean screenReaderPreferred) {
        return redis.send(
                        Command.HSET,
                        RedisKeys.session(sessionId),
                        "accessibility_enabled",
                        accessibilityEnabled,
                        "screen_reader_preferred",
                        screenReaderPreferred)
                .mapEmpty();
    }

    /**
     * Adds the job to the history once (a repeated message changes nothing) and counts the submission; sets
     * {@code marker} in the same atomic step. Done once replicas have it ({@link RedisCommands#evalReplicated}):
     * the person is told the submission was accepted right after.
     *
     * @return whether the marker was set here (true when there is none)
     */
    public Future<Boolean> recordSubmission(
            String sessionId, VideoMetadata entry, Optional<Deduplicator.Marker> marker) {
        long score = Instant.parse(entry.createdAt()).toEpochMilli();
        List<String> keys = new ArrayList<>(owned(sessionId));
        List<Object> args =
                new ArrayList<>(List.of(entry.jobId(), score, entry.toJson().encode(), HISTORY_CAP, ttl.toSeconds()));
        marker.ifPresent(m -> {
            keys.add(m.key());
            args.add(m.ttlMillis());
        });
        return redis.evalReplicated(HISTORY_ADD, keys, args).map(marked -> marked.toInteger() == 1);
    }

    /**
     * New status of a history entry, and the accessibility flags of what the video has now (no-op when the
     * entry was trimmed or the session expired).
     */
    public Future<Void> updateHistory(
            String sessionId,
            String jobName,
            Phase status,
            String deliveredAt,
            Double renderSeconds,
            VideoFacts video) {
        return redis.eval(
                        HISTORY_UPDATE,
                        List.of(RedisKeys.history(sessionId)),
                        List.of(
                                jobName,
                                status.wireName(),
                                deliveredAt == null ? "" : deliveredAt,
                                renderSeconds == null ? "" : renderSeconds.toString(),
                                String.valueOf(VideoMetadata.narrated(video)),
                                String.valueOf(VideoMetadata.hasTranscript(video))))
                .mapEmpty();
    }

    public Future<Void> countSuccess(String sessionId) {
        return redis.send(Command.HINCRBY, RedisKeys.session(sessionId), "successful_generations", 1)
                .mapEmpty();
    }

    /** video_history, newest first, at most {@link #HISTORY_CAP} entries. */
    public Future<List<VideoMetadata>> history(String sessionId) {
        return redis.send(Command.HVALS, RedisKeys.history(sessionId)).map(values -> {
            List<VideoMetadata> entries = new ArrayList<>();
            if (values != null) {
                for (Response value : values) {
                    entries.add(VideoMetadata.fromJson(new JsonObject(value.toString())));
                }
            }
            entries.sort(Comparator.comparing(VideoMetadata::createdAt)
                    .thenComparing(VideoMetadata::jobId)
                    .reversed());
            return entries.size() > HISTORY_CAP ? entries.subList(0, HISTORY_CAP) : entries;
        });
    }

    /** For the scripts: each platform's address field and its index key pattern ({@link #ID} for the address). */
    private static List<String> addressIndexPatterns() {
        List<String> pairs = new ArrayList<>();
        for (Platform platform : Platform.values()) {
            pairs.add(addressField(platform));
            pairs.add(RedisKeys.sessionIndex(platform, ID));
        }
        return pairs;
    }

    /** The keys of what a session owns, as the scripts take them: its job index, its history, the session. */
    private static List<String> owned(String sessionId) {
        return List.of(RedisKeys.jobsBySession(sessionId), RedisKeys.history(sessionId), RedisKeys.session(sessionId));
    }

    private static UserSession present(Optional<UserSession> session, String which) {
        return session.orElseThrow(() -> new IllegalStateException("session vanished: " + which));
    }

    /** HGETALL's answer (a map). */
    private static Optional<UserSession> parse(Response hash) {
        Map<String, String> fields = new HashMap<>();
        if (hash != null) {
            for (String key : hash.getKeys()) {
                fields.put(key, hash.get(key).toString());
            }
        }
        return parse(fields);
    }

    /** HGETALL's answer from a Lua script (field, value, field, value, ...). */
    private static Optional<UserSession> parsePairs(Response pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; pairs != null && i + 1 < pairs.size(); i += 2) {
            fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
        }
        return parse(fields);
    }

    private static Optional<UserSession> parse(Map<String, String> hash) {
        if (hash.get("session_id") == null) {
            return Optional.empty();
        }
        return Optional.of(new UserSession(
                str(hash, "session_id").orElseThrow(),
                str(hash, "telegram_chat_id"),
                str(hash, "whatsapp_phone_number"),
                str(hash, "web_session_token"),
                str(hash, "created_at").orElse(""),
                str(hash, "last_activity").orElse(""),
                str(hash, "language_preference").orElse("en"),
                str(hash, "platform_primary").map(p -> Platform.valueOf(p.toUpperCase(Locale.ROOT))),
                str(hash, "total_submissions").map(Long::parseLong).orElse(0L),
                str(hash, "successful_generations").map(Long::parseLong).orElse(0L),
                str(hash, "accessibility_enabled").map(Boolean::parseBoolean).orElse(false),
                str(hash, "screen_reader_preferred").map(Boolean::parseBoolean).orElse(false)));
    }

    private static Optional<String> str(Map<String, String> hash, String field) {
        return Optional.ofNullable(hash.get(field));
    }

    static String addressField(Platform platform) {
        return switch (platform) {
            case TELEGRAM -> "telegram_chat_id";
            case WHATSAPP -> "whatsapp_phone_number";
            case WEB -> "web_session_token";
        };
    }

    private static String wireName(Platform platform) {
        return platform.name().toLowerCase(Locale.ROOT);
    }

    private String now() {
        return Instant.now(clock)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                .toString();
    }
}
